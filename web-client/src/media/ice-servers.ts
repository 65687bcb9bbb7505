// The page's ICE servers (README "Networks that block UDP"): none unless the school runs a TURN server
// and configured Classroom:Media:IceServers; then TURN URLs with a time-limited credential the server
// computed for this participant. Asked for once per media start, before any peer connection is made,
// and read synchronously when one is.
import type { IceServerView } from "../types";

let current: RTCIceServer[] = [];

/** The servers for the next RTCPeerConnection. */
export function iceServers(): RTCIceServer[] {
  return current;
}

/** Asks the server; on failure the page keeps going without TURN (UDP and TCP to the relay still work). */
export async function loadIceServers(ask: () => Promise<IceServerView[]>): Promise<void> {
  try {
    current = (await ask()).map((s) =>
      s.username && s.credential ? { urls: s.urls, username: s.username, credential: s.credential } : { urls: s.urls },
    );
  } catch (e) {
    console.warn("GetIceServers", e);
    current = [];
  }
}
