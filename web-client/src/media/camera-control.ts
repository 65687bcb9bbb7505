// Our camera as the person and the teacher decide it: on only while we switched it on (the server's
// `cameraOn` for us) and cameras are allowed for us; off the moment we switch it off (the camera
// stops before the server even hears of it) or the teacher forbids it. Switching front/back keeps
// the same sender. A camera that cannot be had is reported off, so nobody sees an "on" that sends nothing.
import type { LiveSession } from "../hub";
import type { Key } from "../i18n";
import { hasPerm } from "../moderation-state";
import { MediaSource, Perm } from "../types";
import { OwnCamera } from "./camera";
import { mediaSupported, mediaSwitchedOff } from "./local";
import type { Publisher } from "./publisher";

/** "unavailable": this browser cannot send video at all (no WebRTC or camera API, e.g. not a secure context). */
export type CameraState = "on" | "off" | "starting" | "forbidden" | "unavailable";

export interface CameraHost {
  publisher(): Publisher | null;
  /** The current admission (increments on every admission and stop) and whether media runs. */
  epoch(): number;
  active(): boolean;
  notice(key: Key): void;
  /** Anything our controls or the stage show changed. */
  changed(): void;
}

export class CameraControl {
  readonly device: OwnCamera;
  /**
   * We switched our camera off (or it could not be had): held here too, so a late or lost server
   * update never turns it back on by itself. Cleared only when the person switches it on.
   */
  private ownOff = false;

  constructor(
    private readonly session: LiveSession,
    private readonly host: CameraHost,
  ) {
    this.device = new OwnCamera({
      ended: () => {
        // The device went away: stop publishing it and tell everyone it is off.
        this.host.publisher()?.remove(MediaSource.Camera);
        this.unavailable();
        this.host.changed();
      },
      changed: () => this.host.changed(),
    });
  }

  /** Our camera should be on: switched on by us (as the server knows it) and allowed by the teacher. */
  wanted(): boolean {
    return !this.ownOff && this.session.you?.cameraOn === true && hasPerm(this.session.permissions, Perm.PublishVideo);
  }

  state(): CameraState {
    if (!hasPerm(this.session.permissions, Perm.PublishVideo)) return "forbidden";
    if (mediaSwitchedOff()) return this.session.you?.cameraOn ? "on" : "off";
    if (!mediaSupported()) return "unavailable";
    if (!this.wanted()) return "off";
    return this.device.starting ? "starting" : "on";
  }

  /** Two or more cameras (a phone's front and back): the switch is offered. */
  canSwitch(): boolean {
    return this.device.count > 1 && this.device.live && !this.device.starting;
  }

  /** The camera button. Off: the camera stops here and now (privacy first), then the server hears it. */
  async toggle(): Promise<void> {
    const state = this.state();
    if (state === "on" || state === "starting") {
      this.ownOff = true;
      this.drop();
      await this.session.setCamera(false);
      return;
    }
    // Refused while the teacher forbids cameras (the error is shown); allowed, we capture.
    await this.session.setCamera(true);
    this.ownOff = false;
    this.follow();
  }

  /** Front ↔ back on a phone (the next camera elsewhere), on the same sender: no renegotiation. */
  async switch(): Promise<void> {
    const epoch = this.host.epoch();
    const track = await this.device.next(() => this.cancelled(epoch));
    if (track) {
      this.host.publisher()?.add(MediaSource.Camera, track);
    } else if (!this.cancelled(epoch) && !this.device.track) {
      this.host.publisher()?.remove(MediaSource.Camera);
      this.host.notice("media.noCamera");
      this.unavailable();
    }
    this.host.changed();
  }

  /** A new admission: a switch-off the server missed (we were offline) is said again. */
  admitted(): void {
    if (this.ownOff && this.session.you?.cameraOn) this.unavailable();
  }

  /** Our state changed at the server: stop the camera if it must be off, capture it if it must be on. */
  follow(): void {
    const wanted = this.wanted();
    if (!wanted && this.device.track) this.drop();
    else if (wanted && !this.device.track && !this.device.starting && this.host.publisher()) void this.add(this.host.epoch());
  }

  /** The camera is off here (switched off, or it could not be had): the server must say so to everyone. */
  unavailable(): void {
    this.ownOff = true;
    if (this.session.you?.cameraOn) void this.session.setCamera(false).catch(() => undefined);
  }

  /** Stops publishing our camera and stops the camera itself (its light goes off). */
  drop(): void {
    if (this.device.track) this.host.publisher()?.remove(MediaSource.Camera);
    this.device.close();
    this.host.changed();
  }

  private cancelled(epoch: number): boolean {
    return epoch !== this.host.epoch() || !this.host.active() || !this.wanted() || !this.host.publisher();
  }

  private async add(epoch: number): Promise<void> {
    const track = await this.device.open(() => this.cancelled(epoch));
    if (track) {
      this.host.publisher()?.add(MediaSource.Camera, track);
    } else if (!this.cancelled(epoch) && !this.device.track) {
      this.host.notice("media.noCamera");
      this.unavailable();
    }
    this.host.changed();
  }
}
