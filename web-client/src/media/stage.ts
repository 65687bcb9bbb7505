// The media stage: the shared screen biggest (the teacher's camera then small in its corner), else
// the teachers' cameras big, then a strip of the students' cameras with our own small self-view
// first (styles/stage.css). Names are text nodes. Media elements are
// kept per m-section (mid) across renders, so re-rendering never restarts playback.
import { h, replaceChildren } from "../dom";
import { t, type Key } from "../i18n";
import { icon, labelledIcon } from "../icons";
import type { Participant } from "../moderation-state";
import { MediaSource, isStaffRole } from "../types";
import type { RemoteTrack } from "./subscriber";

export type StageState = "idle" | "publishing" | "receiving";

export interface StageModel {
  remote: RemoteTrack[];
  /** Our own camera (shown muted, mirrored unless it is a phone's back camera), or null. */
  self: { id: string; name: string; video: MediaStreamTrack | null; facing?: "user" | "environment" | null } | null;
  participants: ReadonlyMap<string, Participant>;
  /** Track ids of received videos the relay holds back now (last-N, audio only): their tiles show the name. */
  paused?: ReadonlySet<string>;
}

interface Attached {
  el: HTMLVideoElement | HTMLAudioElement;
  track: MediaStreamTrack;
  trackId: string;
  participantId: string;
  source: string;
}

interface Group {
  participantId: string;
  camera: HTMLVideoElement | null;
  audios: HTMLAudioElement[];
}

function initial(name: string): string {
  const first = Array.from(name.trim())[0];
  return first ? first.toUpperCase() : "?";
}

/** The microphone-off mark on a tile: an icon, its meaning as a tooltip and for screen readers. */
function mutedMark(): HTMLElement {
  const mark = labelledIcon("micOff", t("media.muted"));
  mark.classList.add("tile-muted");
  mark.dataset.state = "mic-off";
  return mark;
}

function play(el: HTMLMediaElement): Promise<void> {
  try {
    return el.play();
  } catch (e) {
    return Promise.reject(e);
  }
}

export class Stage {
  readonly el: HTMLElement;
  private readonly screenArea = h("div", { class: "stage-screen" });
  private readonly mainArea = h("div", { class: "stage-main" });
  private readonly grid = h("div", { class: "stage-grid" });
  private readonly empty = h("p", { class: "stage-empty", testid: "media-empty" });
  private readonly noticeEl = h("p", { class: "stage-notice", role: "status", testid: "media-notice", hidden: true });
  private readonly soundButton = h("button", { type: "button", class: "small primary stage-sound", testid: "media-enable-sound", hidden: true });
  /** Remote media elements by mid. */
  private readonly attached = new Map<string, Attached>();
  private selfEl: HTMLVideoElement | null = null;
  private noticeKey: Key | null = null;
  private model: StageModel = { remote: [], self: null, participants: new Map() };

  constructor() {
    this.el = h(
      "section",
      {
        class: "media-stage",
        testid: "media-stage",
        "data-media-state": "idle",
        "data-publish-state": "idle",
        "data-subscribe-state": "idle",
      },
      this.noticeEl,
      this.soundButton,
      this.screenArea,
      this.mainArea,
      this.grid,
      this.empty,
    );
    this.soundButton.addEventListener("click", () => {
      this.soundButton.hidden = true;
      for (const a of this.attached.values()) if (a.el instanceof HTMLAudioElement) void play(a.el).catch(() => this.soundBlocked());
    });
    this.relocalize();
  }

  /** Displays (projectors) show the stage as big as the screen. */
  setDisplay(display: boolean): void {
    this.el.classList.toggle("stage-display", display);
  }

  setState(
    media: StageState,
    publish: string,
    subscribe: string,
    publishConnection: RTCPeerConnectionState | null,
    subscribeConnection: RTCPeerConnectionState | null,
  ): void {
    const d = this.el.dataset;
    d.mediaState = media;
    d.publishState = publish;
    d.subscribeState = subscribe;
    if (publishConnection) d.publishConnection = publishConnection;
    else delete d.publishConnection;
    if (subscribeConnection) d.subscribeConnection = subscribeConnection;
    else delete d.subscribeConnection;
  }

  /** A non-blocking line on the stage (devices unavailable...); null hides it. */
  notice(key: Key | null): void {
    this.noticeKey = key;
    this.noticeEl.hidden = key === null;
    this.noticeEl.textContent = key ? t(key) : "";
  }

  /** What is shown from others: one entry per remote media element on the page. */
  tiles(): { participantId: string; source: string; kind: string }[] {
    return Array.from(this.attached.values())
      .filter((a) => a.el.isConnected)
      .map((a) => ({ participantId: a.participantId, source: a.source, kind: a.track.kind }));
  }

  relocalize(): void {
    this.el.setAttribute("aria-label", t("media.stage"));
    replaceChildren(this.soundButton, icon("sound"), t("media.enableSound"));
    this.notice(this.noticeKey);
    this.render(this.model);
  }

  clear(): void {
    for (const a of this.attached.values()) this.detach(a.el);
    this.attached.clear();
    if (this.selfEl) this.detach(this.selfEl);
    this.selfEl = null;
    this.soundButton.hidden = true;
    this.render({ remote: [], self: null, participants: this.model.participants });
  }

  render(model: StageModel): void {
    this.model = model;
    const groups = new Map<string, Group>();
    const screens: { participantId: string; el: HTMLVideoElement }[] = [];
    const seen = new Set<string>();
    const group = (participantId: string): Group => {
      let g = groups.get(participantId);
      if (!g) groups.set(participantId, (g = { participantId, camera: null, audios: [] }));
      return g;
    };

    for (const r of model.remote) {
      seen.add(r.mid);
      const el = this.mediaFor(r);
      if (el instanceof HTMLVideoElement) {
        if (r.source === MediaSource.Screen) screens.push({ participantId: r.participantId, el });
        else group(r.participantId).camera = el;
      } else {
        group(r.participantId).audios.push(el);
      }
    }
    for (const [mid, a] of this.attached) {
      if (seen.has(mid)) continue;
      this.detach(a.el);
      this.attached.delete(mid);
    }

    const name = (id: string) => model.participants.get(id)?.name ?? "";
    const screenTiles = screens.map((s) =>
      this.tile("screen", s.participantId, name(s.participantId) ? t("media.screenOf", { name: name(s.participantId) }) : "", [s.el], null),
    );
    const main: HTMLElement[] = [];
    const others: { name: string; el: HTMLElement }[] = [];
    for (const g of groups.values()) {
      const p = model.participants.get(g.participantId);
      // A camera switched off shows the name, never its last frame (the section may linger a moment).
      // The same for a video the relay holds back (last-N, audio only): it would freeze on its last frame.
      const held = !!g.camera && !!model.paused?.has(g.camera.dataset.trackId ?? "");
      const video = (p && !p.cameraOn) || held ? null : g.camera;
      const tile = this.tile("camera", g.participantId, p?.name ?? "", [video, ...g.audios], p ? !p.micOn : null, video ? null : (p?.name ?? ""));
      if (p) tile.dataset.camera = p.cameraOn ? "on" : "off";
      if (held) {
        tile.dataset.paused = "true";
        tile.classList.add("tile-paused");
        tile.title = t("reception.paused");
      }
      if (p && isStaffRole(p.role)) main.push(tile);
      else others.push({ name: p?.name ?? "", el: tile });
    }
    others.sort((a, b) => a.name.localeCompare(b.name));

    const selfTile = this.selfTile(model.self);
    replaceChildren(this.screenArea, screenTiles);
    replaceChildren(this.mainArea, main);
    replaceChildren(this.grid, selfTile, others.map((o) => o.el));
    this.screenArea.hidden = screenTiles.length === 0;
    this.mainArea.hidden = main.length === 0;
    this.grid.hidden = others.length === 0 && !selfTile;
    const hasRemote = screenTiles.length + main.length + others.length > 0;
    this.el.classList.toggle("has-media", hasRemote);
    this.el.classList.toggle("has-screen", screenTiles.length > 0);
    // Layout (styles/stage.css): with a screen or a teacher's camera, students' tiles are a strip.
    this.el.classList.toggle("has-main", main.length > 0);
    this.empty.hidden = hasRemote;
    this.empty.textContent = t("media.empty");

    // Moving an element within the page does not stop it, but resume anything a browser paused.
    for (const a of this.attached.values()) if (a.el.paused) this.start(a.el);
    if (this.selfEl?.paused) this.start(this.selfEl);
  }

  private selfTile(self: StageModel["self"]): HTMLElement | null {
    if (!self) {
      if (this.selfEl) this.detach(this.selfEl);
      this.selfEl = null;
      return null;
    }
    if (self.video) {
      if (!this.selfEl) {
        this.selfEl = this.video(true);
        this.selfEl.dataset.self = "true";
      }
      const current = this.selfEl.srcObject instanceof MediaStream ? this.selfEl.srcObject.getVideoTracks()[0] : undefined;
      if (current !== self.video) {
        this.selfEl.srcObject = new MediaStream([self.video]);
        this.start(this.selfEl);
      }
      this.selfEl.dataset.participantId = self.id;
      this.selfEl.dataset.source = MediaSource.Camera;
      // A back camera shows the world, not a mirror: written text must read the right way round.
      if (self.facing) this.selfEl.dataset.facing = self.facing;
      else delete this.selfEl.dataset.facing;
    } else if (this.selfEl) {
      this.detach(this.selfEl);
      this.selfEl = null;
    }
    const tile = this.tile("self", self.id, t("media.you"), [this.selfEl], null, this.selfEl ? null : self.name);
    tile.dataset.testid = "media-self";
    return tile;
  }

  private tile(
    kind: "camera" | "screen" | "self",
    participantId: string,
    label: string,
    media: (HTMLMediaElement | null)[],
    muted: boolean | null,
    /** Without a video: the name whose initial stands in for it. */
    placeholder: string | null = null,
  ): HTMLElement {
    return h(
      "div",
      {
        class: `media-tile tile-${kind}`,
        testid: "media-tile",
        "data-participant-id": participantId,
        "data-source": kind === "screen" ? MediaSource.Screen : MediaSource.Camera,
        "data-mic": muted === null ? null : muted ? "off" : "on",
      },
      placeholder !== null ? h("div", { class: "tile-placeholder", "aria-hidden": "true" }, initial(placeholder)) : null,
      media.filter((m): m is HTMLMediaElement => m !== null),
      label || muted
        ? h(
            "span",
            { class: "tile-label" },
            muted ? mutedMark() : null,
            label ? h("span", { class: "tile-name" }, label) : null,
          )
        : null,
    );
  }

  private video(self: boolean): HTMLVideoElement {
    const v = h("video", { autoplay: true, playsinline: true, muted: true, class: self ? "self-video" : null });
    // The attribute alone does not mute an element created by script.
    v.muted = true;
    v.defaultMuted = true;
    return v;
  }

  private mediaFor(r: RemoteTrack): HTMLVideoElement | HTMLAudioElement {
    let a = this.attached.get(r.mid);
    const wantVideo = r.kind === "video";
    if (a && (a.el instanceof HTMLVideoElement) !== wantVideo) {
      this.detach(a.el);
      this.attached.delete(r.mid);
      a = undefined;
    }
    if (!a) {
      const el = wantVideo ? this.video(false) : h("audio", { autoplay: true });
      a = { el, track: r.track, trackId: "", participantId: r.participantId, source: r.source };
      this.attached.set(r.mid, a);
    }
    if (a.trackId !== r.trackId || a.track !== r.track || !a.el.srcObject) {
      a.track = r.track;
      a.trackId = r.trackId;
      a.el.srcObject = new MediaStream([r.track]);
      this.start(a.el);
    }
    a.participantId = r.participantId;
    a.source = r.source;
    a.el.dataset.participantId = r.participantId;
    a.el.dataset.source = r.source;
    a.el.dataset.mid = r.mid;
    a.el.dataset.trackId = r.trackId;
    return a.el;
  }

  private start(el: HTMLMediaElement): void {
    void play(el).catch((e: unknown) => {
      // Audio without a click on this page yet: the browser refuses to play it until one.
      if (el instanceof HTMLAudioElement && e instanceof DOMException && e.name === "NotAllowedError") this.soundBlocked();
    });
  }

  private soundBlocked(): void {
    this.soundButton.hidden = false;
  }

  private detach(el: HTMLMediaElement): void {
    el.pause();
    el.srcObject = null;
    el.remove();
  }
}
