import { describe, expect, it } from "vitest";
import { LessonState } from "../../src/live/state/lesson";

describe("receiver choices and link quality in the lesson state", () => {
  it("keeps the page's reception, the paused tracks, the forced notice and link quality per participant", () => {
    const state = new LessonState(() => 0);

    expect(state.receive("ReceptionChanged", { own: "auto", effective: "low", classDefault: "low" })).toEqual([{ type: "reception" }]);
    expect([state.reception.own, state.reception.effective, state.reception.classDefault]).toEqual(["auto", "low", "low"]);

    state.receive("MediaForwarding", { forwarded: ["t1"], paused: ["t2", "t3"], audioOnlyForced: true });
    expect([...state.reception.paused]).toEqual(["t2", "t3"]);
    expect(state.reception.audioOnlyForced).toBe(true);

    state.receive("ClassReceptionChanged", "bogus");
    expect(state.reception.classDefault).toBe("auto");

    const events = state.receive("LinkQuality", { participantId: "s1", level: "poor", lossPercent: 4.5, bytesReceived: 1_500_000, bytesSent: 20_000 });
    expect(events).toEqual([{ type: "linkQuality", participantId: "s1" }]);
    expect(state.reception.quality.get("s1")?.level).toBe("poor");
  });
});
