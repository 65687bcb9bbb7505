// The typed calls put the right wire name and arguments on the connection.
import { describe, expect, it } from "vitest";
import * as calls from "../../src/live/calls";
import type { Invoker } from "../../src/live/transport";
import { HubMethods } from "../../src/wire/contracts";

function recorder(): { invoker: Invoker; sent: { method: string; args: unknown[] }[] } {
  const sent: { method: string; args: unknown[] }[] = [];
  const invoker = {
    invoke: (method: string, ...args: unknown[]) => {
      sent.push({ method, args });
      return Promise.resolve(undefined);
    },
  } as unknown as Invoker;
  return { invoker, sent };
}

describe("hub calls", () => {
  it("has one function for every hub method", () => {
    expect(Object.keys(calls.hubCalls).sort()).toEqual(Object.values(HubMethods).sort());
  });

  it("sends each call under its wire name with its arguments", async () => {
    const { invoker, sent } = recorder();
    await calls.setCamera(invoker, false);
    await calls.setMicrophone(invoker, true);
    await calls.join(invoker, { code: "ABC", lastSeq: 4 });
    await calls.subscribeMedia(invoker, { iceRestart: true });
    await calls.moderate(invoker, { action: 7, targetId: "s-1" });
    await calls.leave(invoker);
    expect(sent).toEqual([
      { method: "SetCamera", args: [false] },
      { method: "SetMicrophone", args: [true] },
      { method: "Join", args: [{ code: "ABC", lastSeq: 4 }] },
      { method: "SubscribeMedia", args: [{ iceRestart: true }] },
      { method: "Moderate", args: [{ action: 7, targetId: "s-1" }] },
      { method: "Leave", args: [] },
    ]);
  });
});
