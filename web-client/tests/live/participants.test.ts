// Participants, our own state, the hand queue, staff lists and media tracks.
import { describe, expect, it } from "vitest";
import { LessonState } from "../../src/live/state/lesson";
import { maxLog } from "../../src/live/state/staff";
import { handQueue } from "../../src/moderation-state";
import { ModerationAction, Permissions } from "../../src/wire/contracts";
import { anna, boris, participant, snapshot, t0, teacher } from "./fixtures";
import { Role } from "../../src/wire/contracts";

const inCabinet = (you = anna, extra = {}) => {
  const state = new LessonState(() => t0.getTime());
  state.receive("Admitted", snapshot(you, extra));
  return state;
};

describe("participants", () => {
  it("joins, updates and leaves; an update for someone who left brings no ghost back", () => {
    const state = inCabinet();
    const vera = participant("s-vera", "Вера Гусева", Role.Student);
    expect(state.receive("ParticipantJoined", vera)).toEqual([{ type: "participants" }]);
    expect(state.people.all.has(vera.id)).toBe(true);
    expect(state.receive("ParticipantUpdated", { ...vera, micOn: true })).toEqual([{ type: "participant", id: vera.id }]);
    expect(state.people.all.get(vera.id)?.micOn).toBe(true);
    expect(state.receive("ParticipantLeft", vera.id)).toEqual([{ type: "participants" }]);
    expect(state.receive("ParticipantUpdated", { ...vera, micOn: false })).toEqual([]);
    expect(state.people.all.has(vera.id)).toBe(false);
    expect(state.receive("ParticipantLeft", vera.id)).toEqual([]);
  });

  it("our own update changes our state and permissions: camera switched off, then forbidden", () => {
    const state = inCabinet();
    expect(state.people.you?.cameraOn).toBe(true);
    expect(state.receive("ParticipantUpdated", { ...anna, cameraOn: false })).toEqual([{ type: "participant", id: anna.id }, { type: "you" }]);
    expect(state.people.you?.cameraOn).toBe(false);
    const forbidden = (anna.permissions ?? 0) & ~Permissions.PublishVideo;
    state.receive("ParticipantUpdated", { ...anna, cameraOn: false, permissions: forbidden });
    expect(state.people.permissions & Permissions.PublishVideo).toBe(0);
    expect(state.people.all.get(anna.id)?.permissions).toBe(forbidden);
  });

  it("fills what an older server leaves out with the defaults of the role", () => {
    const state = inCabinet();
    state.receive("ParticipantJoined", { id: "s-old", name: "Старый клиент", role: Role.Student });
    expect(state.people.all.get("s-old")).toMatchObject({ micOn: false, cameraOn: false, handRaisedAt: null, permissions: expect.any(Number) });
    expect((state.people.all.get("s-old")!.permissions & Permissions.PublishAudio) !== 0).toBe(true);
  });

  it("tells staff whose connection was replaced, by name", () => {
    const state = inCabinet(teacher);
    expect(state.receive("ConnectionReplaced", anna.id)).toEqual([{ type: "connectionReplaced", participantId: anna.id, name: anna.name }]);
  });

  it("orders the hand queue by who raised first, then by name", () => {
    const state = inCabinet(teacher);
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    state.receive("ParticipantUpdated", { ...boris, handRaisedAt: at(5) });
    state.receive("ParticipantUpdated", { ...anna, handRaisedAt: "2026-11-23T09:00:10Z" });
    const vera = participant("s-vera", "Вера", Role.Student);
    state.receive("ParticipantJoined", vera);
    state.receive("ParticipantUpdated", { ...vera, handRaisedAt: at(5) });
    expect(handQueue(state.people.all.values()).map((p) => p.name)).toEqual(["Борис Волков", "Вера", "Анна Белова"]);
    state.receive("ParticipantUpdated", { ...boris, handRaisedAt: null });
    expect(handQueue(state.people.all.values()).map((p) => p.name)).toEqual(["Вера", "Анна Белова"]);
  });
});

describe("staff lists and the lesson", () => {
  it("keeps the moderation log bounded, newest last", () => {
    const state = inCabinet(teacher);
    for (let i = 0; i < maxLog + 20; i++) {
      state.receive("ModerationLogged", { at: t0, actorName: "Иванова", targetId: null, targetName: null, action: ModerationAction.MuteAll, detail: String(i) });
    }
    expect(state.staff.moderationLog).toHaveLength(maxLog);
    expect(state.staff.moderationLog.at(-1)?.detail).toBe(String(maxLog + 19));
    expect(state.staff.moderationLog[0].detail).toBe("20");
  });

  it("replaces the lobby and the ban list with what the server sends", () => {
    const state = inCabinet(teacher);
    expect(state.receive("LobbyChanged", [{ id: "g-1", name: "Гость", role: Role.Observer, since: t0, returning: false }])).toEqual([{ type: "lobby" }]);
    expect(state.staff.lobby.map((e) => e.name)).toEqual(["Гость"]);
    state.receive("BansChanged", [{ id: "b1", participantId: anna.id, name: anna.name, scope: 1, reason: "спам", at: t0 }]);
    expect(state.staff.bans).toMatchObject([{ participantId: anna.id, scope: 1 }]);
    state.receive("LobbyChanged", []);
    expect(state.staff.lobby).toEqual([]);
  });

  it("follows rules and the phase, with the server's clock", () => {
    const state = inCabinet();
    state.receive("RulesChanged", { studentsJoinMuted: true, studentMicsLocked: true, studentCamerasAllowed: false, studentChatAllowed: true, slowModeSeconds: 30, screenSharerId: null, floorHolderId: anna.id });
    expect(state.rules).toMatchObject({ studentMicsLocked: true, studentCamerasAllowed: false, slowModeSeconds: 30, floorHolderId: anna.id, locked: false });
    state.receive("LessonPhaseChanged", { lessonId: "x", phase: 3, serverNow: new Date(t0.getTime() + 5000) });
    expect(state.lesson?.phase).toBe(3);
    expect(state.clockOffsetMs).toBe(5000);
  });

  it("passes media track changes on only while in the cabinet", () => {
    const state = new LessonState(() => t0.getTime());
    const tracks = [{ trackId: "tr1", participantId: teacher.id, source: "camera" }];
    expect(state.receive("MediaTracksChanged", tracks)).toEqual([]);
    state.receive("Admitted", snapshot(anna));
    expect(state.receive("MediaTracksChanged", tracks)).toEqual([{ type: "mediaTracks", tracks }]);
    expect(state.tracks).toEqual(tracks);
  });

  it("subscribes to every server event the contract has", () => {
    expect([...LessonState.eventNames].sort()).toEqual(
      ["Admitted", "BansChanged", "ChatDeleted", "ChatReceived", "ConnectionReplaced", "LessonEnded", "LessonPhaseChanged", "LobbyChanged",
        "MediaTracksChanged", "ModerationLogged", "ParticipantJoined", "ParticipantLeft", "ParticipantUpdated", "Removed", "Replaced", "RulesChanged",
        "ReceptionChanged", "ClassReceptionChanged", "MediaForwarding", "LinkQuality"].sort(),
    );
  });
});
