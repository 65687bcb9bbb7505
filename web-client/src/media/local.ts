// Our own capture: microphone and camera (with fallbacks), and the screen.

export const cameraConstraints: MediaTrackConstraints = { width: 640, height: 480 };

export interface Captured {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
  /** Something was asked for and at least part of it could not be had. */
  partial: boolean;
}

/**
 * Media switched off on this browser (localStorage "classroom.media" = "off"): no camera, no
 * microphone, no peer connections; the lesson works as text only. For tests that run a browser
 * where it must not do WebRTC, and for a weak device.
 */
export function mediaSwitchedOff(): boolean {
  try {
    return localStorage.getItem("classroom.media") === "off";
  } catch {
    return false;
  }
}

export function mediaSupported(): boolean {
  return typeof RTCPeerConnection === "function" && !!navigator.mediaDevices?.getUserMedia;
}

export function screenSupported(): boolean {
  return typeof RTCPeerConnection === "function" && typeof navigator.mediaDevices?.getDisplayMedia === "function";
}

async function tryGet(constraints: MediaStreamConstraints): Promise<MediaStream | null> {
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch (e) {
    console.warn("getUserMedia", constraints, e);
    return null;
  }
}

/**
 * Microphone and/or camera. Asks for both together (one permission prompt); if that fails, the
 * microphone alone, then the camera alone. Never throws: what could not be had is null.
 */
export async function captureUserMedia(audio: boolean, video: boolean): Promise<Captured> {
  const result: Captured = { audio: null, video: null, partial: false };
  if (!audio && !video) return result;
  if (!navigator.mediaDevices?.getUserMedia) {
    result.partial = true;
    return result;
  }
  const both = await tryGet({ audio, video: video ? cameraConstraints : false });
  if (both) {
    result.audio = both.getAudioTracks()[0] ?? null;
    result.video = both.getVideoTracks()[0] ?? null;
  } else {
    if (audio) result.audio = (await tryGet({ audio: true }))?.getAudioTracks()[0] ?? null;
    if (video) result.video = (await tryGet({ video: cameraConstraints }))?.getVideoTracks()[0] ?? null;
  }
  result.partial = (audio && !result.audio) || (video && !result.video);
  return result;
}

/** Which way a phone's camera looks: at the person ("user", front) or away ("environment", back). */
export type Facing = "user" | "environment";

/**
 * The camera alone (switched on again, or allowed after we joined without it). With a device id that
 * camera, with a facing the camera that looks that way (exact first, so a phone really turns; then
 * as a preference), else the default one. Never throws: null when it could not be had.
 */
export async function captureCamera(choice: { deviceId?: string; facing?: Facing } = {}): Promise<MediaStreamTrack | null> {
  if (!navigator.mediaDevices?.getUserMedia) return null;
  const tries: MediaTrackConstraints[] = choice.deviceId
    ? [{ ...cameraConstraints, deviceId: { exact: choice.deviceId } }]
    : choice.facing
      ? [{ ...cameraConstraints, facingMode: { exact: choice.facing } }, { ...cameraConstraints, facingMode: choice.facing }]
      : [cameraConstraints];
  for (const video of tries) {
    const track = (await tryGet({ video }))?.getVideoTracks()[0];
    if (track) return track;
  }
  return null;
}

/** The cameras of this device (ids and labels are only filled once the page may use a camera). */
export async function videoInputs(): Promise<MediaDeviceInfo[]> {
  try {
    return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === "videoinput");
  } catch {
    return [];
  }
}

/** The screen picker; throws what getDisplayMedia throws (NotAllowedError when the person cancels). */
export async function captureScreen(): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getDisplayMedia({ video: true });
  const track = stream.getVideoTracks()[0];
  for (const t of stream.getAudioTracks()) t.stop();
  if (!track) throw new Error("no screen track");
  track.contentHint = "detail";
  return track;
}

export function stopTrack(track: MediaStreamTrack | null | undefined): void {
  try {
    track?.stop();
  } catch {
    // already stopped
  }
}
