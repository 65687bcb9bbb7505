// Our own camera: the captured track, which camera it is, and switching between a phone's front and
// back cameras. The controller publishes what this holds; a switch keeps the same sender
// (RTCRtpSender.replaceTrack: no renegotiation). Stopping the track is what turns the camera's light
// off and frees it for other apps: every "off" here stops it, never just disables it.
import { captureCamera, stopTrack, videoInputs, type Facing } from "./local";

export class OwnCamera {
  track: MediaStreamTrack | null = null;
  /** A capture is under way (the permission prompt may be open). */
  starting = false;
  /** How many cameras the device has, once known; two or more offer the switch. */
  count = 0;
  /** The way the current camera looks, when the browser says (phones do). */
  facing: Facing | null = null;

  /** `ended`: the device went away (unplugged, revoked in the browser) while we held it; `changed`: anything above. */
  constructor(private readonly events: { ended(track: MediaStreamTrack): void; changed(): void }) {}

  get live(): boolean {
    return this.track !== null && this.track.readyState === "live";
  }

  /** Takes a track captured together with the microphone. */
  adopt(track: MediaStreamTrack): MediaStreamTrack {
    this.close();
    this.track = track;
    this.facing = facingOf(track);
    track.addEventListener("ended", () => {
      if (this.track !== track) return;
      this.track = null;
      this.events.ended(track);
    });
    void this.countCameras();
    return track;
  }

  /** Captures the camera (the one we had last, if any). Null if it could not be had or `cancelled()` meanwhile. */
  async open(cancelled: () => boolean): Promise<MediaStreamTrack | null> {
    if (this.starting) return null;
    this.starting = true;
    this.events.changed();
    try {
      const track = await captureCamera(this.facing ? { facing: this.facing } : {});
      if (!track) return null;
      if (cancelled() || this.track) {
        stopTrack(track);
        return null;
      }
      return this.adopt(track);
    } finally {
      this.starting = false;
      this.events.changed();
    }
  }

  /**
   * The next camera: the other facing on a phone, else the next device in the list. The current one
   * is stopped first (many phones cannot open two cameras at once); if the other cannot be opened,
   * the previous one is opened again. Resolves with the new track, or null when nothing could be had.
   */
  async next(cancelled: () => boolean): Promise<MediaStreamTrack | null> {
    if (this.starting || !this.track) return null;
    const previous = this.track;
    const settings = previous.getSettings();
    const devices = await videoInputs();
    this.starting = true;
    this.events.changed();
    try {
      this.close();
      let track: MediaStreamTrack | null = null;
      if (settings.facingMode === "user" || settings.facingMode === "environment") {
        track = await captureCamera({ facing: settings.facingMode === "user" ? "environment" : "user" });
      }
      if (!track && devices.length > 1) {
        const at = devices.findIndex((d) => d.deviceId === settings.deviceId);
        track = await captureCamera({ deviceId: devices[(at + 1) % devices.length].deviceId });
      }
      track ??= await captureCamera(settings.deviceId ? { deviceId: settings.deviceId } : {});
      if (!track) return null;
      if (cancelled()) {
        stopTrack(track);
        return null;
      }
      return this.adopt(track);
    } finally {
      this.starting = false;
      this.events.changed();
    }
  }

  /** Stops the camera (its light goes off). */
  close(): void {
    const track = this.track;
    this.track = null;
    stopTrack(track);
  }

  private async countCameras(): Promise<void> {
    const count = (await videoInputs()).length;
    if (count === this.count) return;
    this.count = count;
    this.events.changed();
  }
}

function facingOf(track: MediaStreamTrack): Facing | null {
  const f = track.getSettings().facingMode;
  return f === "user" || f === "environment" ? f : null;
}
