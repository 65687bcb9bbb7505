// The receiving peer connection: the relay offers one sendonly m-section per track we may receive
// (SubscribeMedia), we answer (AnswerMedia). Every MediaTracksChanged asks for a new offer; rounds
// never overlap and changes arriving meanwhile coalesce into one more round (Serial).
import { errorCode } from "../errors";
import type { MediaSectionView, MediaSubscription } from "../types";
import { Serial, retryable } from "./serial";
import { iceServers } from "./ice-servers";

export type SubscribeState = "idle" | "negotiating" | "waiting" | "receiving" | "failed" | "closed";

/** A track we receive, and whose it is. */
export interface RemoteTrack {
  mid: string;
  trackId: string;
  participantId: string;
  source: string;
  kind: string;
  track: MediaStreamTrack;
}

export interface SubscriberHost {
  subscribe(iceRestart: boolean): Promise<MediaSubscription>;
  answer(version: number, sdp: string): Promise<void>;
  /** The remote tracks, the state or the connection state changed. */
  changed(): void;
  /** A round failed for good (not worth retrying by itself). */
  failed(e: unknown): void;
}

const retryDelayMs = 5000;
const iceRestartIntervalMs = 5000;
const maxFailures = 5;

function toSection(s: MediaSectionView): MediaSectionView {
  return { mid: String(s.mid), trackId: String(s.trackId), participantId: String(s.participantId), source: String(s.source) };
}

export class Subscriber {
  state: SubscribeState = "idle";
  pc: RTCPeerConnection | null = null;
  /** mid → the track that m-section carries, from the last subscription we answered. */
  sections = new Map<string, MediaSectionView>();
  remote: RemoteTrack[] = [];
  private readonly serial: Serial;
  private restartIce = false;
  private lastIceRestart = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private iceTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private closed = false;
  /** ICE restarts since the connection last worked; a second failure starts a new connection. */
  private restartsSinceConnected = 0;
  /** The connection could not take an offer and was replaced: try again at once. */
  private retryNow = false;

  /**
   * `certificates`: the page's one DTLS certificate, so a new connection keeps the fingerprint the
   * relay already knows for this subscription.
   */
  constructor(
    private readonly host: SubscriberHost,
    private readonly certificates: RTCCertificate[] = [],
  ) {
    this.serial = new Serial(
      () => this.round(),
      (e) => this.onError(e),
    );
  }

  /** Subscribes now, or once more after the current round (MediaTracksChanged). */
  refresh(): void {
    this.failures = 0;
    void this.serial.request();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.serial.close();
    clearTimeout(this.retryTimer);
    clearTimeout(this.iceTimer);
    this.pc?.close();
    this.pc = null;
    this.sections = new Map();
    this.remote = [];
    this.state = "closed";
  }

  private setState(state: SubscribeState): void {
    if (this.state === state) return;
    this.state = state;
    this.host.changed();
  }

  private ensurePc(): RTCPeerConnection {
    if (this.pc) return this.pc;
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
      // A second failure in a row: the relay may have closed the transport; start a new connection.
      if (this.restartsSinceConnected++ > 0) this.dropPc();
      this.restartIce = true;
      void this.serial.request();
    }, wait);
  }

  private async round(): Promise<void> {
    clearTimeout(this.retryTimer);
    if (this.closed) return;
    this.setState("negotiating");
    const iceRestart = this.restartIce;
    this.restartIce = false;
    let sub: MediaSubscription;
    try {
      sub = await this.host.subscribe(iceRestart);
    } catch (e) {
      if (iceRestart) this.restartIce = true;
      throw e;
    }
    if (this.closed) return;
    const sections = (sub.mids ?? []).map(toSection);
    if (!sub.sdp) {
      // Nothing to receive (yet): MediaTracksChanged will tell us when there is.
      this.sections = new Map();
      this.collect();
      this.failures = 0;
      this.setState("waiting");
      this.host.changed();
      return;
    }
    const pc = this.ensurePc();
    try {
      await pc.setRemoteDescription({ type: "offer", sdp: sub.sdp });
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
    } catch (e) {
      // This connection cannot take the offer (the relay started a new subscription after closing
      // the old one): start over on a new connection with new ICE credentials.
      if (pc === this.pc) this.dropPc();
      this.restartIce = true;
      this.retryNow = true;
      throw e;
    }
    if (pc !== this.pc || this.closed || !pc.localDescription) return;
    await this.host.answer(Number(sub.version), pc.localDescription.sdp);
    if (pc !== this.pc || this.closed) return;
    this.sections = new Map(sections.map((s) => [s.mid, s]));
    this.collect();
    this.failures = 0;
    this.setState("receiving");
    this.host.changed();
  }

  private dropPc(): void {
    this.pc?.close();
    this.pc = null;
    this.sections = new Map();
    this.collect();
    this.host.changed();
  }

  /** The receiving transceivers whose mid the subscription maps to a track. */
  private collect(): void {
    const remote: RemoteTrack[] = [];
    for (const tr of this.pc?.getTransceivers() ?? []) {
      const section = tr.mid ? this.sections.get(tr.mid) : undefined;
      if (!section || tr.currentDirection === "stopped") continue;
      const track = tr.receiver.track;
      remote.push({ ...section, kind: track.kind, track });
    }
    this.remote = remote;
  }

  private onError(e: unknown): void {
    if (this.closed) return;
    console.warn("SubscribeMedia", e);
    const code = errorCode(e);
    if ((code === "media.stale" || this.retryNow) && ++this.failures < maxFailures) {
      // A newer offer exists, or a new connection is ready: ask for an offer and answer it now.
      this.retryNow = false;
      void this.serial.request();
      return;
    }
    this.retryNow = false;
    this.setState("failed");
    if (retryable(code) && ++this.failures < maxFailures) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.serial.request(), retryDelayMs);
    } else {
      this.host.failed(e);
    }
  }
}
