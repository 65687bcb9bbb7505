// Chat as the client keeps it: one message per seq, seq order, replay after lastSeq, and deletions
// that stick (overtaking, while away, on rejoin).
import { describe, expect, it } from "vitest";
import { LessonState } from "../../src/live/state/lesson";
import { ChatAudience } from "../../src/wire/contracts";
import { admitted, anna, boris, message, snapshot, t0, teacher } from "./fixtures";

const inCabinet = () => {
  const state = new LessonState(() => t0.getTime());
  state.receive("Admitted", snapshot(anna));
  return state;
};
const seqs = (state: LessonState) => state.chat.messages().map((m) => m.seq);

describe("chat", () => {
  it("keeps one message per seq however often it arrives", () => {
    const state = inCabinet();
    expect(state.receive("ChatReceived", message(1, "Здравствуйте"))).toEqual([
      { type: "chat", message: expect.objectContaining({ seq: 1, text: "Здравствуйте" }) },
    ]);
    expect(state.receive("ChatReceived", message(1, "Здравствуйте"))).toEqual([{ type: "chatReset" }]);
    expect(seqs(state)).toEqual([1]);
  });

  it("shows messages in seq order whatever order they came in", () => {
    const state = inCabinet();
    for (const seq of [3, 1, 2]) state.receive("ChatReceived", message(seq, `m${seq}`));
    expect(seqs(state)).toEqual([1, 2, 3]);
    expect(state.chat.lastSeq).toBe(3);
  });

  it("shows our own message at once and the server's echo does not duplicate it", () => {
    const state = inCabinet();
    const events = state.localEcho(7, "  вопрос  ", teacher.id);
    expect(events).toHaveLength(1);
    const mine = state.chat.get(7)!;
    expect(mine).toMatchObject({ senderId: anna.id, text: "вопрос", audience: ChatAudience.Staff, targetId: teacher.id });
    // The echo came first? Then the local copy is not added again.
    expect(state.localEcho(7, "вопрос", teacher.id)).toEqual([]);
    state.receive("ChatReceived", message(7, "вопрос", anna, { audience: ChatAudience.Staff, targetId: teacher.id }));
    expect(seqs(state)).toEqual([7]);
  });

  it("a student's private message to another student is addressed as private, a public one to everyone", () => {
    const state = inCabinet();
    state.localEcho(1, "привет", boris.id);
    state.localEcho(2, "всем");
    expect(state.chat.get(1)?.audience).toBe(ChatAudience.Participant);
    expect(state.chat.get(2)?.audience).toBe(ChatAudience.Everyone);
  });

  it("a rejoin asks for what came after lastSeq and merges the replay without duplicates", () => {
    const state = inCabinet();
    state.receive("ChatReceived", message(1, "а"));
    state.receive("ChatReceived", message(2, "б"));
    expect(state.joinRequest({ code: "C" }).lastSeq).toBe(2);
    // The server replays 2 again (it came in while we reconnected) and 3, 4.
    const events = state.joinAnswered(admitted(snapshot(anna, { chat: [message(2, "б"), message(3, "в"), message(4, "г")], lastSeq: 4 })), state.join.snapshots);
    expect(events.map((e) => e.type)).toContain("chatReset");
    expect(seqs(state)).toEqual([1, 2, 3, 4]);
    expect(state.chat.lastSeq).toBe(4);
  });

  it("a rejoin without new messages does not redraw the chat", () => {
    const state = inCabinet();
    state.receive("ChatReceived", message(1, "а"));
    const events = state.joinAnswered(admitted(snapshot(anna, { chat: [message(1, "а")], lastSeq: 1 })), state.join.snapshots);
    expect(events.map((e) => e.type)).not.toContain("chatReset");
  });

  it("a message deleted while we were away goes on rejoin, and its replay never brings it back", () => {
    const state = inCabinet();
    state.receive("ChatReceived", message(1, "ok"));
    state.receive("ChatReceived", message(2, "грубость"));
    const events = state.joinAnswered(admitted(snapshot(anna, { chat: [message(2, "грубость"), message(3, "дальше")], lastSeq: 3, deletedSeqs: [2] })), state.join.snapshots);
    expect(events[0]).toEqual({ type: "chatDeleted", seq: 2 });
    expect(seqs(state)).toEqual([1, 3]);
    expect(state.receive("ChatReceived", message(2, "грубость"))).toEqual([]);
    expect(seqs(state)).toEqual([1, 3]);
  });

  it("a ChatDeleted that overtakes its message keeps it from ever showing", () => {
    const state = inCabinet();
    expect(state.receive("ChatDeleted", 5)).toEqual([]);
    expect(state.receive("ChatReceived", message(5, "спам"))).toEqual([]);
    expect(seqs(state)).toEqual([]);
    state.receive("ChatReceived", message(6, "нормально"));
    expect(state.receive("ChatDeleted", 6)).toEqual([{ type: "chatDeleted", seq: 6 }]);
    expect(state.chat.get(6)).toBeUndefined();
  });

  it("reads times from MessagePack Dates and JSON strings alike", () => {
    const state = inCabinet();
    state.receive("ChatReceived", message(1, "json", teacher, { sentAt: "2026-11-23T09:00:05Z" }));
    state.receive("ChatReceived", message(2, "msgpack", teacher, { sentAt: new Date("2026-11-23T09:00:06Z") }));
    expect(state.chat.get(1)?.sentAt.toISOString()).toBe("2026-11-23T09:00:05.000Z");
    expect(state.chat.get(2)?.sentAt.toISOString()).toBe("2026-11-23T09:00:06.000Z");
  });
});
