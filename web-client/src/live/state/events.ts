// What the live state tells the pages after each change. No DOM here.
import type { LogEntry } from "../../moderation-state";
import type { MediaTrackView } from "../../types";

import type { ChatMessage } from "./chat";

export type SessionEvent =
  | { type: "screen" }
  | { type: "link" }
  | { type: "participants" }
  | { type: "chat"; message: ChatMessage }
  | { type: "chatReset" }
  | { type: "chatDeleted"; seq: number }
  | { type: "phase" }
  /** One participant's state changed (microphone, camera, hand, screen, name, permissions). */
  | { type: "participant"; id: string }
  /** Our own state or permissions changed. */
  | { type: "you" }
  | { type: "rules" }
  /** A line was added to the moderation log; without `entry` the whole log was replaced. */
  | { type: "log"; entry?: LogEntry }
  | { type: "lobby" }
  | { type: "bans" }
  /** We are (again) in the cabinet with a fresh snapshot: first entry, after the lobby or on a new connection. */
  | { type: "admitted" }
  /** The lesson's published tracks changed (MediaTracksChanged). */
  | { type: "mediaTracks"; tracks: MediaTrackView[] }
  /** To staff: a participant came back on a new connection (another device or tab). */
  | { type: "connectionReplaced"; participantId: string; name: string }
  /** What our page receives, the class default, or which of our videos are forwarded changed. */
  | { type: "reception" }
  /** A participant's link quality changed (to staff for everyone, to each page for itself). */
  | { type: "linkQuality"; participantId: string };
