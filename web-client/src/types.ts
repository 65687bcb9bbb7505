// Types of the client: the hub's wire types come from wire/contracts.ts (generated from
// src/Classroom.Contracts, never edited by hand); the HTTP API's are written here after docs/api.md.
// Times: HTTP JSON gives ISO strings; the MessagePack hub gives Date objects. Use toDate() from time.ts.
import {
  ChatAudience,
  LessonPhase,
  MediaSources,
  Permissions,
  RemovalKind as WireRemovalKind,
  Role,
  type ModerationEntryView,
  type WireDate,
} from "./wire/contracts";

export type {
  BanView,
  ChatMessageView,
  ClassroomClientEvents,
  HubCalls,
  IceServerView,
  JoinRequest,
  JoinResult,
  LessonPhaseView,
  LessonRulesView,
  LessonSnapshot,
  LobbyEntryView,
  MediaAnswer,
  MediaAnswerRequest,
  MediaOfferRequest,
  MediaSectionView,
  MediaSubscription,
  MediaTrackLabel,
  MediaTrackView,
  ModerateRequest,
  ModerationEntryView,
  ParticipantView,
  RemovalView,
  SendChatRequest,
  SubscribeMediaRequest,
  WaitingInfo,
  WireDate,
  // Receiver choices and link quality (issue 13).
  LinkQualityView,
  MediaForwardingView,
  ReceptionView,
} from "./wire/contracts";
export { BanScope, DisplayName, ErrorCodes, GuestLinks, HubMethods, JoinStatus, Role } from "./wire/contracts";

// The short names the pages use for Core's wire enums.
export const Phase = LessonPhase;
export const Audience = ChatAudience;
export const Perm = Permissions;
/** Why a connection was taken out of the lesson (RemovalView.kind); `Lobby` is Core's SentToLobby. */
export const RemovalKind = { ...WireRemovalKind, Lobby: WireRemovalKind.SentToLobby } as const;

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

/** A class with its active roster, the removed students that can be restored, the class link's token, and after an import its report. */
export interface ClassDetail {
  id: string;
  name: string;
  students: Student[];
  removed?: RemovedStudent[] | null;
  linkToken?: string | null;
  import?: RosterReport | null;
}

export interface RemovedStudent {
  id: string;
  name: string;
  removedAt: WireDate | null;
}

export interface SkippedLine {
  line: number;
  text: string;
  /** "empty" | "too_long" | "invalid" | "duplicate" | "over_limit" */
  reason: string;
}

/** What a roster import did (or, from a preview, would do). */
export interface RosterReport {
  added: string[];
  restored: string[];
  unchanged: string[];
  skipped: SkippedLine[];
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
  name?: string;
  /** Guests the link lets in at once (observer and display links). */
  cap?: number | null;
  /** Guests in the lesson by this link now. */
  inUse?: number;
}

/** A lesson as the class link page shows it. */
export interface ClassLessonView {
  title: string;
  cabinetName: string;
  subject: string;
  startsAt: WireDate;
  endsAt: WireDate;
  entryOpensAt: WireDate;
  phase: number;
}

/** GET /api/class-links/{token}: the lesson the class's codes lead to now, and the next one. */
export interface ClassLinkView {
  className: string;
  current: ClassLessonView | null;
  next: ClassLessonView | null;
  serverNow: WireDate;
  timeZone: string;
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
  moderationLog?: ModerationEntryView[] | null;
  /** The school's time zone (IANA id): report times are shown in it. */
  timeZone?: string;
}

export interface Stretch {
  from: WireDate;
  to: WireDate;
}

export interface PresenceRow {
  participantId: string;
  name: string;
  present: Stretch[];
  lobby: Stretch[];
  hands: WireDate[];
}

/** GET /api/lessons/{id}/timeline: who was in the lesson when. */
export interface TimelineView {
  lessonId: string;
  startsAt: WireDate;
  endsAt: WireDate;
  from: WireDate;
  until: WireDate;
  timeZone: string;
  rows: PresenceRow[];
}

export interface StudentTerm {
  participantId: string;
  name: string;
  expected: number;
  attended: number;
  rate: number | null;
}

/** GET /api/classes/{id}/attendance: a class's attendance rate per student over a date range. */
export interface TermReport {
  classId: string;
  className: string;
  from: string;
  to: string;
  timeZone: string;
  lessons: Array<{ id: string; title: string; startsAt: WireDate }>;
  students: StudentTerm[];
}

// ---- Media ----

/** Wire names of track sources (Classroom.Contracts MediaSources). */
export const MediaSource = MediaSources;
export type MediaSourceName = (typeof MediaSource)[keyof typeof MediaSource];
