// The publishing peer connection: our microphone, camera and screen go to the relay as sendonly
// transceivers. Every change (a track added or removed, an ICE restart) is a new offer on the same
// connection, answered by PublishMedia; offers never overlap (Serial).
import { errorCode } from "../errors";
import type { Key } from "../i18n";
import type { MediaAnswer, MediaOfferRequest, MediaSourceName, MediaTrackLabel } from "../types";
import { transceiverInit, tuneSender } from "./encodings";
import { Serial, iceGathered, retryable } from "./serial";
import { iceServers } from "./ice-servers";

/** "refused": the relay's answer took none of the sections we send (see Publisher.refused). */
export type PublishState = "idle" | "acquiring" | "negotiating" | "publishing" | "refused" | "receive-only" | "failed" | "closed";

export interface PublisherHost {
  publish(req: MediaOfferRequest): Promise<MediaAnswer>;
  unpublish(): Promise<void>;
  /** State or connection state changed. */
  changed(): void;
  /** A negotiation failed for good (not worth retrying by itself). */
  failed(e: unknown): void;
  /** The relay's answer refused these sources we send (none of them reaches anyone); never called with []. */
  refused(sources: MediaSourceName[]): void;
}

const refusedKeys: Record<MediaSourceName, Key> = {
  microphone: "media.refused.microphone",
  camera: "media.refused.camera",
  screen: "media.refused.screen",
};

/** The notice for refused sources. */
export function refusedNotice(sources: MediaSourceName[]): Key {
  return sources.length === 1 ? refusedKeys[sources[0]!] : "media.refused.several";
}

/**
 * The mids of `sent` that an answer refuses: absent, port zero (declined, RFC 3264 §6), or a
 * direction in which the answerer does not receive (inactive, sendonly). An offerer must read this
 * itself: setRemoteDescription succeeds all the same and the page would claim to publish.
 */
export function refusedMids(answerSdp: string, sent: Iterable<string>): string[] {
  const accepted = new Set<string>();
  for (const section of answerSdp.split(/\r?\n(?=m=)/).slice(1)) {
    const lines = section.split(/\r?\n/);
    const port = Number(lines[0]?.split(" ")[1]);
    const mid = lines.find((l) => l.startsWith("a=mid:"))?.slice("a=mid:".length).trim();
    const direction = lines.find((l) => /^a=(sendrecv|sendonly|recvonly|inactive)$/.test(l.trim()))?.trim().slice(2) ?? "sendrecv";
    if (mid && port > 0 && (direction === "recvonly" || direction === "sendrecv")) accepted.add(mid);
  }
  return Array.from(sent).filter((mid) => !accepted.has(mid));
}

const gatherTimeoutMs = 3000;
const retryDelayMs = 5000;
const iceRestartIntervalMs = 5000;
/** Failed rounds in a row before we stop retrying by ourselves (a later change still tries again). */
const maxFailures = 5;

interface Sender {
  transceiver: RTCRtpTransceiver;
  track: MediaStreamTrack;
}

export class Publisher {
  state: PublishState = "idle";
  pc: RTCPeerConnection | null = null;
  /** The tracks we send, by source. The tracks belong to the caller: the publisher never stops them. */
  private readonly senders = new Map<MediaSourceName, Sender>();
  /** mid → source of what the last offer labelled (for stats). */
  private readonly labelled = new Map<string, MediaSourceName>();
  /** Sources the relay's last answer refused: the page must not claim they are sent. */
  refused: MediaSourceName[] = [];
  private readonly serial: Serial;
  private published = false;
  private restartIce = false;
  private lastIceRestart = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private iceTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private failures = 0;
  /** ICE restarts since the connection last worked; a second failure rebuilds the connection. */
  private restartsSinceConnected = 0;
  private rebuild = false;
  /** The next round is ready (a new connection): run it at once instead of after a delay. */
  private retryNow = false;

  /** `certificates`: the page's one DTLS certificate, so a rebuilt connection keeps the fingerprint the relay knows. */
  constructor(
    private readonly host: PublisherHost,
    private readonly certificates: RTCCertificate[] = [],
  ) {
    this.serial = new Serial(
      () => this.round(),
      (e) => this.onError(e),
    );
  }

  has(source: MediaSourceName): boolean {
    return this.senders.has(source);
  }

  get sending(): boolean {
    return this.senders.size > 0;
  }

  sourceOfMid(mid: string | null | undefined): MediaSourceName | null {
    return mid ? (this.labelled.get(mid) ?? null) : null;
  }

  /** The transceivers we send on, with their source (for stats). */
  transceivers(): { source: MediaSourceName; transceiver: RTCRtpTransceiver }[] {
    return Array.from(this.senders, ([source, s]) => ({ source, transceiver: s.transceiver }));
  }

  setState(state: PublishState): void {
    if (this.state === state) return;
    this.state = state;
    this.host.changed();
  }

  /** Sends a track (a new transceiver and a new offer; the same source again just swaps the track). */
  add(source: MediaSourceName, track: MediaStreamTrack): void {
    if (this.closed) return;
    const existing = this.senders.get(source);
    if (existing && this.pc) {
      existing.track = track;
      void existing.transceiver.sender.replaceTrack(track).catch((e) => console.warn("replaceTrack", e));
      return;
    }
    const pc = this.ensurePc();
    const transceiver = pc.addTransceiver(track, transceiverInit(source, track));
    this.senders.set(source, { transceiver, track });
    this.failures = 0;
    void this.serial.request();
  }

  /** Stops sending a source: its transceiver is stopped and the connection renegotiated. */
  remove(source: MediaSourceName): void {
    const s = this.senders.get(source);
    if (!s) return;
    this.senders.delete(source);
    try {
      s.transceiver.stop();
    } catch {
      // the connection is already closed
    }
    this.failures = 0;
    if (!this.closed) void this.serial.request();
  }

  /**
   * Closes the connection (the tracks are the caller's to stop). The relay needs no word: it closes
   * our transports itself when we leave, are sent to the lobby or removed, or the connection drops.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.serial.close();
    clearTimeout(this.retryTimer);
    clearTimeout(this.iceTimer);
    this.senders.clear();
    this.pc?.close();
    this.pc = null;
    this.published = false;
    this.state = "closed";
  }

  private ensurePc(): RTCPeerConnection {
    if (this.pc) return this.pc;
    // The relay is ICE-lite and gives its UDP and TCP host candidates in the answer; iceServers are
    // empty unless the school configured a TURN server (media/ice-servers.ts).
    const config: RTCConfiguration = { bundlePolicy: "max-bundle", iceServers: iceServers() };
    if (this.certificates.length) config.certificates = this.certificates;
    const pc = new RTCPeerConnection(config);
    pc.addEventListener("connectionstatechange", () => {
      if (pc !== this.pc) return;
      if (pc.connectionState === "connected") this.restartsSinceConnected = 0;
      if (pc.connectionState === "failed") this.iceRestartSoon();
      this.host.changed();
    });
    this.pc = pc;
    return pc;
  }

  private iceRestartSoon(): void {
    if (this.closed || this.iceTimer !== undefined) return;
    const wait = Math.max(0, this.lastIceRestart + iceRestartIntervalMs - Date.now());
    this.iceTimer = setTimeout(() => {
      this.iceTimer = undefined;
      if (this.closed || !this.pc || this.pc.connectionState !== "failed") return;
      this.lastIceRestart = Date.now();
      // First an ICE restart (a network change); if that did not help either, the relay may have
      // closed our transport (consent expired): a new connection and a new transport.
      if (this.restartsSinceConnected++ === 0) this.restartIce = true;
      else this.rebuild = true;
      void this.serial.request();
    }, wait);
  }

  private labels(): MediaTrackLabel[] {
    this.labelled.clear();
    const labels: MediaTrackLabel[] = [];
    for (const [source, s] of this.senders) {
      const mid = s.transceiver.mid;
      if (!mid) continue;
      this.labelled.set(mid, source);
      labels.push({ mid, source });
    }
    return labels;
  }

  private async round(): Promise<void> {
    clearTimeout(this.retryTimer);
    if (this.closed) return;
    if (this.senders.size === 0) {
      // Nothing left to send: drop the transport instead of offering only rejected sections.
      const pc = this.pc;
      this.pc = null;
      pc?.close();
      this.labelled.clear();
      this.refused = [];
      if (this.published) {
        this.published = false;
        await this.host.unpublish().catch(() => undefined);
      }
      this.setState("receive-only");
      return;
    }
    if (this.rebuild) {
      this.rebuild = false;
      this.restartIce = false;
      const old = this.pc;
      this.pc = null;
      old?.close();
      if (this.published) {
        this.published = false;
        await this.host.unpublish().catch(() => undefined);
      }
      if (this.closed) return;
      const pc = this.ensurePc();
      for (const [source, s] of this.senders) s.transceiver = pc.addTransceiver(s.track, transceiverInit(source, s.track));
    }
    const pc = this.ensurePc();
    this.setState("negotiating");
    const iceRestart = this.restartIce;
    this.restartIce = false;
    try {
      const offer = await pc.createOffer(iceRestart ? { iceRestart: true } : {});
      if (pc !== this.pc) return;
      await pc.setLocalDescription(offer);
      await iceGathered(pc, gatherTimeoutMs);
      if (pc !== this.pc || !pc.localDescription) return;
      const answer = await this.host.publish({ sdp: pc.localDescription.sdp, tracks: this.labels() });
      if (pc !== this.pc) return;
      await pc.setRemoteDescription({ type: "answer", sdp: answer.sdp });
      for (const [source, s] of this.senders) await tuneSender(source, s.transceiver.sender);
      this.published = true;
      this.failures = 0;
      const refused = this.refusedSources(answer.sdp);
      const news = refused.some((source) => !this.refused.includes(source));
      this.refused = refused;
      // Refused is not a failure to retry: the relay would answer the same. Say so instead.
      if (news) this.host.refused(refused);
      this.setState(refused.length > 0 && refused.length === this.senders.size ? "refused" : "publishing");
    } catch (e) {
      if (pc === this.pc && pc.signalingState === "have-local-offer") {
        await pc.setLocalDescription({ type: "rollback" }).catch(() => undefined);
      }
      if (iceRestart) this.restartIce = true;
      if (e instanceof DOMException && pc === this.pc) {
        // The browser refused an offer or the relay's answer: this connection may be unusable now
        // (Chromium refuses every later offer after some answer errors). Start over on a new one.
        this.rebuild = true;
        this.retryNow = true;
      }
      throw e;
    }
  }

  /** What we send that goes nowhere after this answer: refused now, or stopped by an earlier refusal. */
  private refusedSources(answerSdp: string): MediaSourceName[] {
    const sent = Array.from(this.senders.values(), (s) => s.transceiver.mid).filter((mid): mid is string => !!mid);
    const mids = new Set(refusedMids(answerSdp, sent));
    const refused: MediaSourceName[] = [];
    for (const [source, { transceiver }] of this.senders) {
      // A section an earlier answer declined stays stopped, and the browser may have dropped its mid.
      const direction = transceiver.currentDirection;
      if ((transceiver.mid && mids.has(transceiver.mid)) || direction === "stopped" || direction === "inactive") refused.push(source);
    }
    return refused;
  }

  private onError(e: unknown): void {
    if (this.closed) return;
    console.warn("PublishMedia", e);
    this.setState("failed");
    const now = this.retryNow;
    this.retryNow = false;
    if (retryable(errorCode(e)) && ++this.failures < maxFailures) {
      clearTimeout(this.retryTimer);
      if (now) void this.serial.request();
      else this.retryTimer = setTimeout(() => void this.serial.request(), retryDelayMs);
    } else {
      this.host.failed(e);
    }
  }
}
