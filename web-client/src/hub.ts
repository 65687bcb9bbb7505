// The live session's entry point for the pages. The code lives in live/: transport.ts (connection
// and reconnects), state/ (a pure reducer of hub events: join state machine, participants, chat,
// staff lists), calls.ts (one typed function per hub method) and session.ts (the facade).
export { LiveSession, type SessionOptions } from "./live/session";
export { foreverRetry, type Link } from "./live/transport";
export type { ChatMessage } from "./live/state/chat";
export type { SessionEvent } from "./live/state/events";
export type { Screen, Waiting } from "./live/state/join";
export type { LessonInfo } from "./live/state/lesson";
