// Wire types, mirroring docs/api.md and src/Classroom.Contracts (keys are camelCase).
// Times: HTTP JSON gives ISO strings; the MessagePack hub gives Date objects. Use toDate() from time.ts.

export type WireDate = string | Date;

export const Role = { Teacher: 0, CoTeacher: 1, Student: 2, Observer: 3, Display: 4 } as const;
export const Phase = { Scheduled: 0, Open: 1, InProgress: 2, Ended: 3 } as const;
export const Audience = { Everyone: 0, Staff: 1, Participant: 2 } as const;
export const JoinStatus = { Admitted: 0, Waiting: 1, Lobby: 2 } as const;
/** Why a connection was taken out of the lesson (RemovalView.kind). */
export const RemovalKind = { Lobby: 0, TimedOut: 1, Kicked: 2, Banned: 3, Rejected: 4, Flooding: 5 } as const;
export const BanScope = { Lesson: 0, Cabinet: 1 } as const;
export const Perm = {
  ChatPublic: 1,
  ChatToStaff: 2,
  ChatToAnyone: 4,
  Moderate: 8,
  PublishAudio: 16,
  PublishVideo: 32,
  ShareScreen: 64,
  SeeParticipants: 128,
} as const;

export function isStaffRole(role: number): boolean {
  return role === Role.Teacher || role === Role.CoTeacher;
}

// ---- HTTP API ----

export interface Me {
  userName: string;
  displayName: string;
  isAdmin: boolean;
}

export interface Teacher {
  id: string;
  userName: string;
  displayName: string;
  isAdmin: boolean;
  lockedOut: boolean;
}

export interface Cabinet {
  id: string;
  name: string;
  subject: string;
}

export interface ClassSummary {
  id: string;
  name: string;
  studentCount: number;
}

export interface Student {
  id: string;
  name: string;
  code: string;
  codeDisplay: string;
}

export interface ClassDetail {
  id: string;
  name: string;
  students: Student[];
}

export interface Lesson {
  id: string;
  cabinetId: string;
  cabinetName: string;
  subject: string;
  classId: string;
  className: string;
  title: string | null;
  startsAt: WireDate;
  endsAt: WireDate;
  entryOpensAt: WireDate;
  entryClosesAt: WireDate | null;
  openedEarlyAt: WireDate | null;
  endedAt: WireDate | null;
  phase: number;
}

export interface ScheduleLessonRequest {
  classId: string;
  title?: string;
  startsAt: string;
  durationMinutes: number;
  entryOpensMinutesBefore?: number;
  entryClosesMinutesAfterStart?: number;
}

export type LinkRole = "observer" | "display" | "coteacher";

export interface LessonLink {
  token: string;
  /** Documented as the request's string; tolerate a role number too. */
  role: LinkRole | number;
  createdAt: WireDate;
}

export interface ReportRow {
  participantId: string;
  name: string;
  attended: boolean;
  firstJoin: WireDate | null;
  lastLeave: WireDate | null;
  minutesPresent: number;
  reconnects: number;
  chatMessages: number;
  handsRaised: number;
}

export interface LessonReport {
  lessonId: string;
  title: string | null;
  className: string;
  startsAt: WireDate;
  endsAt: WireDate;
  rows: ReportRow[];
}

// ---- Hub ----

export interface JoinRequest {
  code?: string;
  lessonId?: string;
  lastSeq?: number;
  displayName?: string;
}

export interface WaitingInfo {
  cabinetName: string;
  subject: string;
  className: string;
  startsAt: WireDate;
  yourName: string;
  /** The lesson's topic ("" when none); absent from older servers. */
  title?: string | null;
  /** The server's Classroom:SchoolName ("" when not set). */
  schoolName?: string | null;
}

/** Fields after `role` are optional on the wire only for older servers; hub.ts fills defaults. */
export interface ParticipantView {
  id: string;
  name: string;
  role: number;
  micOn?: boolean;
  micLocked?: boolean;
  handRaisedAt?: WireDate | null;
  sharing?: boolean;
  permissions?: number;
}

export interface LessonRulesView {
  studentsJoinMuted: boolean;
  studentMicsLocked: boolean;
  studentCamerasAllowed: boolean;
  studentChatAllowed: boolean;
  slowModeSeconds: number;
  screenSharerId: string | null;
  floorHolderId: string | null;
  pinnedSeq?: number | null;
  admitManually?: boolean;
  lateToLobby?: boolean;
  locked?: boolean;
}

export interface LobbyEntryView {
  id: string;
  name: string;
  role: number;
  since: WireDate;
  returning: boolean;
}

export interface BanView {
  id: string;
  participantId: string;
  name: string;
  scope: number;
  reason: string;
  at: WireDate;
}

export interface RemovalView {
  kind: number;
  reason: string | null;
  until: WireDate | null;
}

export interface ModerateRequest {
  action: number;
  targetId?: string;
  value?: string;
}

export interface ModerationEntryView {
  at: WireDate;
  actorName: string;
  targetId: string | null;
  targetName: string | null;
  action: number;
  detail: string | null;
}

export interface ChatMessageView {
  seq: number;
  senderId: string;
  senderName: string;
  senderRole: number;
  audience: number;
  targetId: string | null;
  text: string;
  sentAt: WireDate;
}

export interface LessonSnapshot {
  lessonId: string;
  cabinetName: string;
  subject: string;
  className: string;
  phase: number;
  startsAt: WireDate;
  endsAt: WireDate;
  serverNow: WireDate;
  you: ParticipantView;
  permissions: number;
  participants: ParticipantView[];
  chat: ChatMessageView[];
  lastSeq: number;
  rules?: LessonRulesView | null;
  moderationLog?: ModerationEntryView[] | null;
  lobby?: LobbyEntryView[] | null;
  bans?: BanView[] | null;
  /** Every message the teacher deleted in this lesson, so a rejoining screen drops what it still shows. */
  deletedSeqs?: number[] | null;
  /** The lesson's topic ("" when none). */
  title?: string | null;
  /** The server's Classroom:SchoolName ("" when not set), shown on displays. */
  schoolName?: string | null;
}

export interface JoinResult {
  status: number;
  lessonId: string;
  serverNow: WireDate;
  opensAt: WireDate | null;
  waiting: WaitingInfo | null;
  snapshot: LessonSnapshot | null;
}

export interface SendChatRequest {
  text: string;
  toParticipantId?: string;
}

export interface LessonPhaseView {
  lessonId: string;
  phase: number;
  serverNow: WireDate;
}

// ---- Media (docs/protocol.md "Media") ----

/** Wire names of track sources (Classroom.Contracts MediaSources). */
export const MediaSource = { Microphone: "microphone", Camera: "camera", Screen: "screen" } as const;
export type MediaSourceName = (typeof MediaSource)[keyof typeof MediaSource];

/** What an offered m-section carries (audio defaults to microphone, video to camera). */
export interface MediaTrackLabel {
  mid: string;
  source: string;
}

export interface MediaOfferRequest {
  sdp: string;
  tracks?: MediaTrackLabel[];
}

export interface MediaAnswer {
  sdp: string;
}

/** A track someone publishes in this lesson (MediaTracksChanged). */
export interface MediaTrackView {
  trackId: string;
  participantId: string;
  source: string;
}

export interface SubscribeMediaRequest {
  iceRestart: boolean;
}

/** One m-section of a subscription and the track it carries. */
export interface MediaSectionView {
  mid: string;
  trackId: string;
  participantId: string;
  source: string;
}

/** The relay's offer for our receiving connection; `sdp` is null when there is nothing to receive yet. */
export interface MediaSubscription {
  sdp: string | null;
  version: number;
  mids: MediaSectionView[] | null;
}

export interface MediaAnswerRequest {
  version: number;
  sdp: string;
}
