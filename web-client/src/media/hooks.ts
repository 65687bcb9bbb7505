// Test hooks for the browser end-to-end tests: window.classroomMedia.
import type { MediaSourceName } from "../types";
import type { Publisher, PublishState } from "./publisher";
import type { SubscribeState, Subscriber } from "./subscriber";

export interface InboundStat {
  mid: string | null;
  kind: string;
  participantId: string | null;
  source: string | null;
  packetsReceived: number;
  /** 0 for audio. */
  framesDecoded: number;
  bytesReceived: number;
}

export interface OutboundStat {
  mid: string | null;
  kind: string;
  source: string | null;
  packetsSent: number;
}

export interface MediaStats {
  inbound: InboundStat[];
  outbound: OutboundStat[];
  publishState: PublishState;
  /** What we send that the relay's last answer refused (nobody receives it). */
  refusedSources: MediaSourceName[];
  subscribeState: SubscribeState;
  /** RTCPeerConnection.connectionState of each side, or null without one. */
  publishConnection: RTCPeerConnectionState | null;
  subscribeConnection: RTCPeerConnectionState | null;
}

export interface ClassroomMediaHooks {
  stats(): Promise<MediaStats>;
  remoteTiles(): Promise<{ participantId: string; source: string; kind: string }[]>;
}

declare global {
  interface Window {
    classroomMedia?: ClassroomMediaHooks;
  }
}

type Stat = Record<string, unknown>;
const num = (x: unknown): number => (typeof x === "number" && Number.isFinite(x) ? x : 0);
const str = (x: unknown): string | null => (typeof x === "string" && x !== "" ? x : null);

export async function inboundStats(sub: Subscriber | null): Promise<InboundStat[]> {
  const pc = sub?.pc;
  if (!sub || !pc) return [];
  const report = await pc.getStats();
  const midByTrack = new Map<string, string>();
  for (const tr of pc.getTransceivers()) if (tr.mid) midByTrack.set(tr.receiver.track.id, tr.mid);
  const out: InboundStat[] = [];
  report.forEach((value: Stat) => {
    if (value.type !== "inbound-rtp") return;
    const mid = str(value.mid) ?? midByTrack.get(String(value.trackIdentifier)) ?? null;
    const section = mid ? sub.sections.get(mid) : undefined;
    out.push({
      mid,
      kind: String(value.kind ?? value.mediaType ?? ""),
      participantId: section?.participantId ?? null,
      source: section?.source ?? null,
      packetsReceived: num(value.packetsReceived),
      framesDecoded: num(value.framesDecoded),
      bytesReceived: num(value.bytesReceived),
    });
  });
  return out;
}

export async function outboundStats(pub: Publisher | null): Promise<OutboundStat[]> {
  const pc = pub?.pc;
  if (!pub || !pc) return [];
  const report = await pc.getStats();
  const sourceOfMid = new Map<string, string>();
  const midByTrack = new Map<string, string>();
  for (const { source, transceiver } of pub.transceivers()) {
    if (!transceiver.mid) continue;
    sourceOfMid.set(transceiver.mid, source);
    if (transceiver.sender.track) midByTrack.set(transceiver.sender.track.id, transceiver.mid);
  }
  const out: OutboundStat[] = [];
  report.forEach((value: Stat) => {
    if (value.type !== "outbound-rtp") return;
    let mid = str(value.mid);
    if (!mid && typeof value.mediaSourceId === "string") {
      const source = report.get(value.mediaSourceId) as Stat | undefined;
      mid = midByTrack.get(String(source?.trackIdentifier)) ?? null;
    }
    out.push({
      mid,
      kind: String(value.kind ?? value.mediaType ?? ""),
      source: mid ? (sourceOfMid.get(mid) ?? pub.sourceOfMid(mid)) : null,
      packetsSent: num(value.packetsSent),
    });
  });
  return out;
}
