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

/** The screen share: one layer, at most 5 frames a second, capped so a slide change is not a burst. */
export const screenEncoding: RTCRtpEncodingParameters = { maxFramerate: 5, maxBitrate: 600_000 };

/** The addTransceiver init for a source (a fresh copy each time: the browser keeps what it is given). */
export function transceiverInit(source: MediaSourceName): RTCRtpTransceiverInit {
  switch (source) {
    case "camera":
      return { direction: "sendonly", sendEncodings: cameraLayers.map((e) => ({ ...e })) };
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
