// The join state machine on recorded sequences: waiting → admitted, lobby → admitted, rejoin with
// lastSeq, every removal kind, replaced, refusals, and answers that Admitted overtook.
import { describe, expect, it } from "vitest";
import { LessonState } from "../../src/live/state/lesson";
import { RemovalKind } from "../../src/types";
import { LessonPhase, Role } from "../../src/wire/contracts";
import { admitted, anna, lobbyAnswer, message, participant, removal, snapshot, t0, teacher, waitingAnswer } from "./fixtures";

const types = (events: { type: string }[]) => events.map((e) => e.type);

/** A state whose clock stands still at `now`. */
const at = (now: Date) => new LessonState(() => now.getTime());

describe("joining", () => {
  it("a first Join that is admitted shows the cabinet with the snapshot, and the next Join carries lastSeq", () => {
    const state = at(t0);
    expect(state.joinRequest({ code: "7K4M9P2X" })).toEqual({ code: "7K4M9P2X" });
    const s = snapshot(anna, { chat: [message(3, "Начинаем"), message(5, "Откройте учебник")], lastSeq: 5 });

    const events = state.joinAnswered(admitted(s), state.join.snapshots);

    expect(types(events)).toEqual(["screen", "admitted"]);
    expect(state.join.screen).toBe("cabinet");
    expect(state.people.you?.id).toBe(anna.id);
    expect(state.people.all.size).toBe(3);
    expect(state.chat.messages().map((m) => m.seq)).toEqual([3, 5]);
    expect(state.joinRequest({ code: "7K4M9P2X" })).toEqual({ code: "7K4M9P2X", lastSeq: 5 });
    // The server's clock is a minute ahead of ours in this snapshot.
    expect(state.clockOffsetMs).toBe(60_000);
    expect(state.serverNow()).toBe(t0.getTime() + 60_000);
  });

  it("staff join by lesson id without a code", () => {
    expect(at(t0).joinRequest({ lessonId: "L1" })).toEqual({ code: null, lessonId: "L1" });
  });

  it("waits before the entry window with the server's clock, then Admitted brings it into the cabinet", () => {
    const state = at(t0);
    const opens = new Date(t0.getTime() + 10 * 60_000);
    // JSON gives ISO strings (here without a zone: read as UTC).
    const events = state.joinAnswered(waitingAnswer("2026-11-23T09:00:30", opens.toISOString()), 0);

    expect(types(events)).toEqual(["screen"]);
    expect(state.join.screen).toBe("waiting");
    expect(state.join.waiting?.opensAt?.getTime()).toBe(opens.getTime());
    expect(state.join.waiting?.offsetMs).toBe(30_000);
    expect(state.join.terminal).toBe(false);

    expect(types(state.receive("Admitted", snapshot(anna)))).toEqual(["screen", "admitted"]);
    expect(state.join.screen).toBe("cabinet");
    expect(state.join.waiting).toBeNull();
  });

  it("an Admitted that overtook the Join's waiting answer is not undone by it", () => {
    const state = at(t0);
    const before = state.join.snapshots;
    state.receive("Admitted", snapshot(anna));
    expect(state.joinAnswered(waitingAnswer(t0, t0), before)).toEqual([]);
    expect(state.join.screen).toBe("cabinet");
  });

  it("goes from the lobby to the cabinet when the teacher admits", () => {
    const state = at(t0);
    expect(types(state.joinAnswered(lobbyAnswer(), 0))).toEqual(["screen"]);
    expect(state.join.screen).toBe("lobby");
    expect(state.join.terminal).toBe(false);
    expect(types(state.receive("Admitted", snapshot(anna)))).toEqual(["screen", "admitted"]);
    expect(state.join.screen).toBe("cabinet");
    expect(state.join.lobbyInfo).toBeNull();
  });

  it("a rejoin on a new connection refreshes the cabinet in place instead of switching screens", () => {
    const state = at(t0);
    state.receive("Admitted", snapshot(anna, { chat: [message(1, "а")], lastSeq: 1 }));
    const events = state.joinAnswered(admitted(snapshot(anna, { chat: [message(2, "б")], lastSeq: 2 })), state.join.snapshots);
    expect(types(events)).toEqual(["phase", "participants", "you", "rules", "log", "lobby", "bans", "reception", "chatReset", "admitted"]);
    expect(state.chat.messages().map((m) => m.text)).toEqual(["а", "б"]);
  });
});

describe("removal and the ends", () => {
  it("sent to the lobby (kind 0) stays connected and comes back with Admitted", () => {
    const state = at(t0);
    state.receive("Admitted", snapshot(anna));
    expect(types(state.receive("Removed", removal(RemovalKind.Lobby)))).toEqual(["screen"]);
    expect(state.join.screen).toBe("lobby");
    expect(state.join.removal?.kind).toBe(0);
    expect(state.join.terminal).toBe(false);
    state.receive("Admitted", snapshot(anna));
    expect(state.join.screen).toBe("cabinet");
    expect(state.join.removal).toBeNull();
  });

  it.each([
    [RemovalKind.TimedOut, "timed out"],
    [RemovalKind.Kicked, "kicked"],
    [RemovalKind.Banned, "banned"],
    [RemovalKind.Rejected, "rejected"],
    [RemovalKind.Flooding, "flooding"],
  ])("removal kind %i (%s) ends the session for good, and later events change nothing", (kind, _what) => {
    const state = at(t0);
    state.receive("Admitted", snapshot(anna));
    const until = new Date(t0.getTime() + 5 * 60_000);
    state.receive("Removed", removal(kind, "  ", until));
    expect(state.join.screen).toBe("removed");
    expect(state.join.terminal).toBe(true);
    expect(state.join.removal).toEqual({ kind, reason: null, until });
    expect(state.receive("LessonEnded", "x")).toEqual([]);
    expect(state.receive("Admitted", snapshot(anna))).toEqual([]);
    expect(state.receive("Removed", removal(RemovalKind.Lobby))).toEqual([]);
    expect(state.join.screen).toBe("removed");
  });

  it("replaced by another tab stops, and trying again rejoins with lastSeq", () => {
    const state = at(t0);
    state.receive("Admitted", snapshot(anna, { chat: [message(9, "до")], lastSeq: 9 }));
    expect(types(state.receive("Replaced"))).toEqual(["screen"]);
    expect(state.join.screen).toBe("replaced");
    expect(state.join.terminal).toBe(true);

    expect(types(state.restart())).toEqual(["screen"]);
    expect(state.join.screen).toBe("connecting");
    expect(state.join.terminal).toBe(false);
    expect(state.joinRequest({ code: "C" }).lastSeq).toBe(9);
  });

  it("the lesson ending shows the end and marks the phase", () => {
    const state = at(t0);
    state.receive("Admitted", snapshot(anna));
    state.receive("LessonEnded", "x");
    expect(state.join.screen).toBe("ended");
    expect(state.lesson?.phase).toBe(LessonPhase.Ended);
  });

  it("a refused Join shows why: an ended lesson as the end, anything else as a failure", () => {
    const ended = at(t0);
    ended.joinRefused(new Error("[entry.lesson_ended]"), "entry.lesson_ended");
    expect(ended.join.screen).toBe("ended");
    const banned = at(t0);
    expect(types(banned.joinRefused(new Error("[entry.banned]"), "entry.banned"))).toEqual(["screen"]);
    expect(banned.join.screen).toBe("failed");
    expect(banned.join.terminal).toBe(true);
    expect(banned.join.error).toBeInstanceOf(Error);
  });

  it("a snapshot of an ended lesson ends it for a student but lets staff in (to read the report)", () => {
    const student = at(t0);
    expect(types(student.receive("Admitted", snapshot(anna, { phase: LessonPhase.Ended })))).toEqual(["screen", "screen"]);
    expect(student.join.screen).toBe("ended");
    const staff = at(t0);
    staff.receive("Admitted", snapshot(teacher, { phase: LessonPhase.Ended }));
    expect(staff.join.screen).toBe("cabinet");
    expect(staff.isStaff).toBe(true);
  });

  it("a display is known as one", () => {
    const state = at(t0);
    state.receive("Admitted", snapshot(participant("g-d", "Экран филиала", Role.Display)));
    expect(state.isDisplay).toBe(true);
    expect(state.isStaff).toBe(false);
  });
});
