// The lesson's media on top of a LiveSession: our microphone/camera/screen out (Publisher), everyone
// else in (Subscriber), the stage, and window.classroomMedia for tests. One per live page: it outlives
// the cabinet view (rebuilt on language changes) and starts over on every admission (a new hub
// connection has new transports at the relay).
import { errorCode } from "../errors";
import type { LiveSession, SessionEvent } from "../hub";
import type { Key } from "../i18n";
import { hasPerm } from "../moderation-state";
import { MediaSource, Perm, Role, isStaffRole, type MediaSourceName } from "../types";
import { inboundStats, outboundStats, type ClassroomMediaHooks } from "./hooks";
import type { OwnCamera } from "./camera";
import { CameraControl, type CameraState } from "./camera-control";
import { captureScreen, captureUserMedia, mediaSupported, mediaSwitchedOff, screenSupported, stopTrack } from "./local";
import { Publisher, refusedNotice, type PublishState } from "./publisher";
import { Stage, type StageState } from "./stage";
import { Subscriber } from "./subscriber";
import { loadIceServers } from "./ice-servers";

export class MediaController {
  readonly stage: Stage;
  private publisher: Publisher | null = null;
  private subscriber: Subscriber | null = null;
  private mic: MediaStreamTrack | null = null;
  private readonly cameraControl: CameraControl;
  private screen: MediaStreamTrack | null = null;
  /** Increments on every admission and stop: async work of an older one drops its result. */
  private epoch = 0;
  private active = false;
  private certificate: Promise<RTCCertificate[]> | null = null;
  private readonly changeListeners = new Set<() => void>();
  /** you.sharing as last seen, to notice the server ending our share. */
  private sharing = false;
  /** The screen picker is open; `screenRevoked` when the share ended on the server meanwhile. */
  private screenStarting = false;
  private screenRevoked = false;
  private readonly hooks: ClassroomMediaHooks;
  private readonly off: () => void;

  constructor(private readonly session: LiveSession) {
    this.stage = new Stage();
    this.cameraControl = new CameraControl(session, {
      publisher: () => this.publisher,
      epoch: () => this.epoch,
      active: () => this.active,
      notice: (key) => this.stage.notice(key),
      changed: () => this.update(),
    });
    this.off = session.on((e) => this.onEvent(e));
    this.hooks = {
      stats: async () => ({
        inbound: await inboundStats(this.subscriber),
        outbound: await outboundStats(this.publisher),
        publishState: this.publishState(),
        refusedSources: this.publisher?.refused ?? [],
        subscribeState: this.subscriber?.state ?? "idle",
        publishConnection: this.publisher?.pc?.connectionState ?? null,
        subscribeConnection: this.subscriber?.pc?.connectionState ?? null,
      }),
      remoteTiles: async () => this.stage.tiles(),
    };
    window.classroomMedia = this.hooks;
    if (session.screen === "cabinet") this.admit();
  }

  /** The screen button: the server first (one sharer, the grant), then the picker, then the relay. */
  async startScreenShare(): Promise<void> {
    if (mediaSwitchedOff()) {
      // Text only: the signalling alone, as before there was media.
      await this.session.setScreenShare(true);
      return;
    }
    if (!this.active || !this.publisher || !screenSupported()) {
      this.stage.notice("media.screenUnsupported");
      return;
    }
    const epoch = this.epoch;
    await this.session.setScreenShare(true);
    this.screenStarting = true;
    this.screenRevoked = false;
    let track: MediaStreamTrack;
    try {
      track = await captureScreen();
    } catch (e) {
      this.screenStarting = false;
      if (epoch === this.epoch && this.active) await this.session.setScreenShare(false).catch(() => undefined);
      const cancelled = e instanceof DOMException && (e.name === "NotAllowedError" || e.name === "AbortError");
      if (!cancelled) this.stage.notice("media.screenFailed");
      return;
    }
    this.screenStarting = false;
    if (epoch !== this.epoch || !this.active || this.screenRevoked || !this.publisher) {
      // Stopped, revoked or taken over while the picker was open.
      stopTrack(track);
      return;
    }
    this.stopScreenTrack();
    this.screen = track;
    track.addEventListener("ended", () => {
      // The browser's own "stop sharing" button.
      if (this.screen === track) void this.stopScreenShare().catch(() => undefined);
    });
    this.publisher.add(MediaSource.Screen, track);
    this.update();
  }

  async stopScreenShare(): Promise<void> {
    this.dropScreen();
    await this.session.setScreenShare(false);
  }

  /** What our own controls show about our camera. */
  cameraState(): CameraState {
    return this.cameraControl.state();
  }

  /** Two or more cameras (a phone's front and back): the switch is offered. */
  canSwitchCamera(): boolean {
    return this.cameraControl.canSwitch();
  }

  /** The camera button: off at once (the camera stops), on within what the teacher allows. */
  toggleCamera(): Promise<void> {
    return this.cameraControl.toggle();
  }

  /** Front ↔ back on a phone, without a renegotiation. */
  switchCamera(): Promise<void> {
    return this.cameraControl.switch();
  }

  /** Our own controls re-render when the camera's local state changes (capture done, cameras counted). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** The cabinet view (re)attached the stage: texts in the current language. */
  attached(): void {
    this.stage.relocalize();
    this.update();
  }

  destroy(): void {
    this.stop();
    this.off();
    if (window.classroomMedia === this.hooks) delete window.classroomMedia;
    this.stage.el.remove();
  }

  // ---- session events ----

  private onEvent(e: SessionEvent): void {
    switch (e.type) {
      case "admitted":
        this.admit();
        break;
      case "screen":
        // Sent to the lobby, removed, ended, replaced: no media there (the relay closed our transports).
        if (this.session.screen !== "cabinet" && this.active) this.stop();
        break;
      case "mediaTracks":
        this.subscriber?.refresh();
        break;
      case "you":
        this.applyYou();
        this.update();
        break;
      case "participant":
      case "participants":
      case "reception":
        this.update();
        break;
    }
  }

  private admit(): void {
    const you = this.session.you;
    if (!you) return;
    // A new admission means a new hub connection or a return from the lobby: the relay closed the
    // old transports. Our microphone and camera stay; a screen share does not survive.
    this.closeConnections();
    this.stopScreenTrack();
    const epoch = ++this.epoch;
    this.active = true;
    this.stage.setDisplay(this.session.isDisplay);
    this.sharing = you.sharing;
    this.screenRevoked = false;
    this.cameraControl.admitted();
    // The server thinks we share a screen we no longer have (an earlier connection): clear it.
    if (you.sharing && !this.screenStarting) void this.session.setScreenShare(false).catch(() => undefined);
    if (mediaSwitchedOff()) {
      this.stage.el.hidden = true;
      return;
    }
    if (!mediaSupported()) {
      // Nothing can be sent from here: nobody should see our camera "on".
      this.cameraControl.unavailable();
      this.stage.notice("media.unsupported");
      this.update();
      return;
    }
    void this.connect(epoch);
    this.update();
  }

  private async connect(epoch: number): Promise<void> {
    const certificates = await this.certificates();
    await loadIceServers(() => this.session.iceServers());
    if (epoch !== this.epoch || !this.active) return;
    this.subscriber = new Subscriber(
      {
        subscribe: (iceRestart) => this.session.subscribeMedia(iceRestart),
        answer: (version, sdp) => this.session.answerMedia(version, sdp),
        changed: () => this.update(),
        failed: (err) => this.stage.notice(this.failureNotice(err, "media.receiveFailed")),
      },
      certificates,
    );
    this.subscriber.refresh();
    if (this.mayPublish()) await this.startPublishing(epoch, certificates);
    this.update();
  }

  /**
   * One DTLS certificate for every connection of this page: the relay pins the fingerprint of a
   * transport, so a connection rebuilt after a failure must present the same one.
   */
  private certificates(): Promise<RTCCertificate[]> {
    this.certificate ??= RTCPeerConnection.generateCertificate({ name: "ECDSA", namedCurve: "P-256" } as EcKeyGenParams).then(
      (c) => [c],
      () => [],
    );
    return this.certificate;
  }

  private mayPublish(): boolean {
    const role = this.session.you?.role;
    return role === Role.Student || (role !== undefined && isStaffRole(role));
  }

  private async startPublishing(epoch: number, certificates: RTCCertificate[]): Promise<void> {
    const publisher = new Publisher(
      {
        publish: (req) => this.session.publishMedia(req),
        unpublish: () => this.session.unpublishMedia(),
        changed: () => this.update(),
        failed: (err) => this.stage.notice(this.failureNotice(err, "media.publishFailed")),
        refused: (sources) => this.stage.notice(refusedNotice(sources)),
      },
      certificates,
    );
    this.publisher = publisher;
    const wantAudio = hasPerm(this.session.permissions, Perm.PublishAudio);
    const wantVideo = this.cameraControl.wanted();
    if (this.mic?.readyState === "ended") this.mic = null;
    if (this.camera().track && (!wantVideo || !this.camera().live)) this.camera().close();
    const needAudio = wantAudio && !this.mic;
    const needVideo = wantVideo && !this.camera().track;
    if (needAudio || needVideo) {
      publisher.setState("acquiring");
      // The camera is being captured with the microphone: no second capture of it meanwhile.
      if (needVideo) this.camera().starting = true;
      const got = await captureUserMedia(needAudio, needVideo);
      if (needVideo) this.camera().starting = false;
      if (!this.active) {
        stopTrack(got.audio);
        stopTrack(got.video);
        return;
      }
      // Keep what we got even if a newer admission started meanwhile: it publishes these.
      if (got.audio) {
        if (this.mic) stopTrack(got.audio);
        else this.mic = this.watch(got.audio, MediaSource.Microphone);
      }
      if (got.video) {
        if (this.camera().track || !this.cameraControl.wanted()) stopTrack(got.video);
        else this.camera().adopt(got.video);
      }
      if (epoch !== this.epoch) return;
      if (!this.mic && !this.camera().track) this.stage.notice("media.noDevices");
      else if (needVideo && !got.video) this.stage.notice("media.noCamera");
      else if (needAudio && !got.audio) this.stage.notice("media.noMicrophone");
      // Nobody should see a camera "on" that sends nothing.
      if (needVideo && !got.video) this.cameraControl.unavailable();
    }
    if (epoch !== this.epoch || publisher !== this.publisher) return;
    if (this.mic) {
      // The microphone follows the server's state for us (muted by the teacher too); the relay
      // drops muted audio regardless of what we send.
      this.mic.enabled = this.session.you?.micOn === true;
      publisher.add(MediaSource.Microphone, this.mic);
    }
    const camera = this.camera().track;
    if (camera) publisher.add(MediaSource.Camera, camera);
    if (!publisher.sending) publisher.setState("receive-only");
    this.update();
  }

  /** A microphone that goes away (unplugged, revoked in the browser) stops being published. */
  private watch(track: MediaStreamTrack, source: MediaSourceName): MediaStreamTrack {
    track.addEventListener("ended", () => {
      if (this.mic !== track) return;
      this.mic = null;
      this.publisher?.remove(source);
      this.update();
    });
    return track;
  }

  private camera(): OwnCamera {
    return this.cameraControl.device;
  }

  private applyYou(): void {
    const you = this.session.you;
    if (!you || !this.active) return;
    if (this.mic) this.mic.enabled = you.micOn;

    this.cameraControl.follow();

    if (this.sharing && !you.sharing) {
      // Our share ended on the server: revoked, stopped by the teacher or taken over.
      if (this.screenStarting) this.screenRevoked = true;
      if (this.screen) {
        this.dropScreen();
        void this.session.setScreenShare(false).catch(() => undefined);
      }
    }
    this.sharing = you.sharing;
  }

  private dropScreen(): void {
    if (!this.screen) return;
    this.publisher?.remove(MediaSource.Screen);
    this.stopScreenTrack();
    this.update();
  }

  private stopScreenTrack(): void {
    stopTrack(this.screen);
    this.screen = null;
  }

  private closeConnections(): void {
    this.publisher?.close();
    this.publisher = null;
    this.subscriber?.close();
    this.subscriber = null;
  }

  /** Leaving the cabinet: connections closed, every capture stopped. */
  private stop(): void {
    this.active = false;
    this.epoch++;
    this.closeConnections();
    stopTrack(this.mic);
    this.camera().close();
    this.stopScreenTrack();
    this.mic = null;
    this.stage.clear();
    this.update();
  }

  private failureNotice(err: unknown, fallback: Key): Key | null {
    const code = errorCode(err);
    if (code === "forbidden") return null;
    if (code === "media.disabled") return "err.media.disabled";
    return fallback;
  }

  private publishState(): PublishState {
    if (this.publisher) return this.publisher.state;
    return this.active ? "receive-only" : "idle";
  }

  private update(): void {
    const pub = this.publisher;
    const sub = this.subscriber;
    const receiving = sub?.pc?.connectionState === "connected" && sub.remote.length > 0;
    const publishing = pub?.state === "publishing" && pub.pc?.connectionState === "connected";
    const state: StageState = receiving ? "receiving" : publishing ? "publishing" : "idle";
    this.stage.setState(state, this.publishState(), sub?.state ?? "idle", pub?.pc?.connectionState ?? null, sub?.pc?.connectionState ?? null);
    const you = this.session.you;
    const self =
      this.active && you && pub && (this.camera().track || pub.sending)
        ? { id: you.id, name: you.name, video: this.camera().live ? this.camera().track : null, facing: this.camera().facing }
        : null;
    this.stage.render({ remote: this.active ? (sub?.remote ?? []) : [], self, participants: this.session.participants, paused: this.session.reception.paused });
    for (const l of this.changeListeners) l();
  }
}
