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
  type WireDate,
} from "./wire/contracts";

export type {
  BanView,
  ChatMessageView,
  ClassroomClientEvents,
  HubCalls,
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
} from "./wire/contracts";
export { BanScope, ErrorCodes, HubMethods, JoinStatus, Role } from "./wire/contracts";

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

// ---- Media ----

/** Wire names of track sources (Classroom.Contracts MediaSources). */
export const MediaSource = MediaSources;
export type MediaSourceName = (typeof MediaSource)[keyof typeof MediaSource];
