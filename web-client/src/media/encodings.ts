// How each source is encoded for the relay (RFC 8853 simulcast, RFC 8851 rids). The camera goes out
// in three layers, lowest first, so the relay can forward each student the one their link carries
// (about 150, 400 and 1,200 kbit/s) and switch at key frames; the screen goes out as one sharp,
// slow layer: text must stay readable on a 256 kbit/s line, and a slide rarely moves.
import type { MediaSourceName } from "../types";

/** The camera's simulcast layers, lowest first: the relay numbers them 0, 1, 2 in this order. */
export const cameraLayers: readonly RTCRtpEncodingParameters[] = [
  { rid: "q", scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: "h", scaleResolutionDownBy: 2, maxBitrate: 400_000 },
  { rid: "f", scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];

/** Two layers for a camera below 960x540: the low one at half size, the top one at full size. */
export const smallCameraLayers: readonly RTCRtpEncodingParameters[] = [
  { rid: "q", scaleResolutionDownBy: 2, maxBitrate: 150_000 },
  { rid: "f", scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];

/**
 * The camera's encodings for its picture size. libwebrtc (Chromium 156, checked) sends at most as
 * many VP8 simulcast layers as the size allows: three from 960x540, two from 480x270, one below,
 * and silently leaves out the encodings listed last. A 640x480 camera given the three layers above
 * sent only 160x120 and 320x240, worse than the one 640x480 stream it sent before simulcast; given
 * two layers it sends 320x240 and 640x480.
 */
export function cameraEncodings(width: number, height: number): RTCRtpEncodingParameters[] {
  const pixels = width * height;
  const layers = !pixels || pixels >= 960 * 540 ? cameraLayers : pixels >= 480 * 270 ? smallCameraLayers : [{ maxBitrate: 400_000 }];
  return layers.map((e) => ({ ...e }));
}

/** The screen share: one layer, at most 5 frames a second, capped so a slide change is not a burst. */
export const screenEncoding: RTCRtpEncodingParameters = { maxFramerate: 5, maxBitrate: 600_000 };

/** The addTransceiver init for a source (a fresh copy each time: the browser keeps what it is given). */
export function transceiverInit(source: MediaSourceName, track: MediaStreamTrack): RTCRtpTransceiverInit {
  switch (source) {
    case "camera": {
      const { width = 0, height = 0 } = track.getSettings();
      return { direction: "sendonly", sendEncodings: cameraEncodings(width, height) };
    }
    case "screen":
      return { direction: "sendonly", sendEncodings: [{ ...screenEncoding }] };
    default:
      return { direction: "sendonly" };
  }
}

/**
 * Settings that only setParameters takes: the screen keeps its resolution and gives up frame rate
 * when the link is short (a blurred slide is useless; a slow one is fine). Best effort: a browser
 * that refuses keeps its default and still sends.
 */
export async function tuneSender(source: MediaSourceName, sender: RTCRtpSender): Promise<void> {
  if (source !== "screen") return;
  try {
    const parameters = sender.getParameters() as RTCRtpSendParameters & { degradationPreference?: string };
    if (parameters.degradationPreference === "maintain-resolution") return;
    parameters.degradationPreference = "maintain-resolution";
    await sender.setParameters(parameters);
  } catch (e) {
    console.warn("screen degradationPreference", e);
  }
}
