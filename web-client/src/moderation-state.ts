// Moderation state as the client keeps it: wire views normalized (numbers, Dates, defaults for
// fields an older server leaves out) and small pure helpers. No DOM here.
import { toDate, toDateOr } from "./wire/dates";
import {
  Perm,
  Role,
  type BanView,
  type LessonRulesView,
  type LobbyEntryView,
  type ModerationEntryView,
  type ParticipantView,
  type RemovalView,
} from "./types";
import { ModerationAction } from "./wire/contracts";

/** ModerateRequest.action numbers (docs/protocol.md; generated from Core's ModerationAction). */
export const Mod = ModerationAction;

/** The highest action number the client knows a label for. */
export const lastModAction = Mod.PinMessage;

export const slowModeChoices = [0, 10, 30, 60] as const;
export const timeoutMinutes = { min: 1, max: 120 } as const;

export interface Participant {
  id: string;
  name: string;
  role: number;
  micOn: boolean;
  micLocked: boolean;
  handRaisedAt: Date | null;
  sharing: boolean;
  permissions: number;
  /** The camera is on: switched on by its owner and allowed (the relay forwards video only then). */
  cameraOn: boolean;
}

export interface Rules {
  studentsJoinMuted: boolean;
  studentMicsLocked: boolean;
  studentCamerasAllowed: boolean;
  studentChatAllowed: boolean;
  slowModeSeconds: number;
  screenSharerId: string | null;
  floorHolderId: string | null;
  pinnedSeq: number | null;
  admitManually: boolean;
  lateToLobby: boolean;
  locked: boolean;
}

export interface LobbyEntry {
  id: string;
  name: string;
  role: number;
  since: Date;
  returning: boolean;
}

export interface Ban {
  id: string;
  participantId: string;
  name: string;
  scope: number;
  reason: string;
  at: Date;
}

export interface LogEntry {
  at: Date;
  actorName: string;
  targetId: string | null;
  targetName: string | null;
  action: number;
  detail: string | null;
}

export interface Removal {
  kind: number;
  reason: string | null;
  until: Date | null;
}

/** The server's defaults (Classroom.Core LessonRules), used until a snapshot brings the real ones. */
export function defaultRules(): Rules {
  return {
    studentsJoinMuted: true,
    studentMicsLocked: false,
    studentCamerasAllowed: true,
    studentChatAllowed: true,
    slowModeSeconds: 0,
    screenSharerId: null,
    floorHolderId: null,
    pinnedSeq: null,
    admitManually: false,
    lateToLobby: false,
    locked: false,
  };
}

/** Role defaults (as in Classroom.Core RolePermissions), used only if the server sends none. */
export function defaultPermissions(role: number): number {
  switch (role) {
    case Role.Teacher:
    case Role.CoTeacher:
      return (
        Perm.ChatPublic | Perm.ChatToAnyone | Perm.Moderate | Perm.PublishAudio | Perm.PublishVideo | Perm.ShareScreen | Perm.SeeParticipants
      );
    case Role.Student:
      return Perm.ChatPublic | Perm.ChatToStaff | Perm.PublishAudio | Perm.PublishVideo | Perm.SeeParticipants;
    case Role.Observer:
      return Perm.ChatToStaff | Perm.SeeParticipants;
    default:
      return 0;
  }
}

const isSet = (x: unknown): boolean => x !== null && x !== undefined;
const optNumber = (x: unknown): number | null => (isSet(x) && Number.isFinite(Number(x)) ? Number(x) : null);

export function toParticipant(p: ParticipantView): Participant {
  const role = Number(p.role);
  return {
    id: String(p.id),
    name: String(p.name ?? ""),
    role,
    micOn: p.micOn === true,
    micLocked: p.micLocked === true,
    handRaisedAt: toDate(p.handRaisedAt ?? null),
    sharing: p.sharing === true,
    permissions: isSet(p.permissions) ? Number(p.permissions) : defaultPermissions(role),
    cameraOn: p.cameraOn === true,
  };
}

export function toRules(r: LessonRulesView | null | undefined): Rules {
  const d = defaultRules();
  if (!r) return d;
  const bool = (x: unknown, fallback: boolean) => (typeof x === "boolean" ? x : fallback);
  return {
    studentsJoinMuted: bool(r.studentsJoinMuted, d.studentsJoinMuted),
    studentMicsLocked: bool(r.studentMicsLocked, d.studentMicsLocked),
    studentCamerasAllowed: bool(r.studentCamerasAllowed, d.studentCamerasAllowed),
    studentChatAllowed: bool(r.studentChatAllowed, d.studentChatAllowed),
    slowModeSeconds: optNumber(r.slowModeSeconds) ?? 0,
    screenSharerId: isSet(r.screenSharerId) ? String(r.screenSharerId) : null,
    floorHolderId: isSet(r.floorHolderId) ? String(r.floorHolderId) : null,
    pinnedSeq: optNumber(r.pinnedSeq),
    admitManually: bool(r.admitManually, d.admitManually),
    lateToLobby: bool(r.lateToLobby, d.lateToLobby),
    locked: bool(r.locked, d.locked),
  };
}

export function toLobbyEntry(e: LobbyEntryView): LobbyEntry {
  return {
    id: String(e.id),
    name: String(e.name ?? ""),
    role: Number(e.role),
    since: toDateOr(e.since, new Date()),
    returning: e.returning === true,
  };
}

export function toBan(b: BanView): Ban {
  return {
    id: String(b.id),
    participantId: String(b.participantId ?? ""),
    name: String(b.name ?? ""),
    scope: Number(b.scope),
    reason: String(b.reason ?? ""),
    at: toDateOr(b.at, new Date()),
  };
}

export function toLogEntry(e: ModerationEntryView): LogEntry {
  return {
    at: toDateOr(e.at, new Date()),
    actorName: String(e.actorName ?? ""),
    targetId: isSet(e.targetId) ? String(e.targetId) : null,
    targetName: isSet(e.targetName) ? String(e.targetName) : null,
    action: Number(e.action),
    detail: isSet(e.detail) ? String(e.detail) : null,
  };
}

export function toRemoval(r: RemovalView): Removal {
  return {
    kind: Number(r.kind),
    reason: isSet(r.reason) && String(r.reason).trim() !== "" ? String(r.reason) : null,
    until: toDate(r.until ?? null),
  };
}

export function hasPerm(permissions: number, flag: number): boolean {
  return (permissions & flag) === flag;
}

/** Any way to write in the chat at all. */
export function canChat(permissions: number): boolean {
  return (permissions & (Perm.ChatPublic | Perm.ChatToStaff | Perm.ChatToAnyone)) !== 0;
}

/** A student whose public chat the teacher switched off (one or all). */
export function chatDisabled(p: Participant): boolean {
  return p.role === Role.Student && !hasPerm(p.permissions, Perm.ChatPublic);
}

export function cameraForbidden(p: Participant): boolean {
  return p.role === Role.Student && !hasPerm(p.permissions, Perm.PublishVideo);
}

export function screenGranted(p: Participant): boolean {
  return hasPerm(p.permissions, Perm.ShareScreen);
}

/** Raised hands, first raised first. */
export function handQueue(participants: Iterable<Participant>): Participant[] {
  return Array.from(participants)
    .filter((p) => p.handRaisedAt !== null)
    .sort((a, b) => a.handRaisedAt!.getTime() - b.handRaisedAt!.getTime() || a.name.localeCompare(b.name));
}

/** Parses a time-out in whole minutes within the server's range, or null. */
export function parseMinutes(text: string): number | null {
  const s = text.trim();
  if (!/^\d{1,3}$/.test(s)) return null;
  const n = Number(s);
  return n >= timeoutMinutes.min && n <= timeoutMinutes.max ? n : null;
}
