// Wire types of the school features (docs/api.md): quick start, class links, lesson links with a
// name and a cap, roster merge and removal, attendance reports. Keys are camelCase; times are ISO
// strings (UTC) as in types.ts.
import type { ClassDetail, Lesson, LessonLink, LessonReport, ModerationEntryView, WireDate } from "./types";

export interface SkippedLine {
  line: number;
  text: string;
  /** "empty" | "too_long" | "invalid" | "duplicate" | "over_limit" */
  reason: string;
}

/** What an import did (or, from a preview, would do). */
export interface RosterReport {
  added: string[];
  restored: string[];
  unchanged: string[];
  skipped: SkippedLine[];
}

export interface RemovedStudent {
  id: string;
  name: string;
  removedAt: WireDate | null;
}

export interface ClassFull extends ClassDetail {
  removed?: RemovedStudent[] | null;
  linkToken?: string | null;
  import?: RosterReport | null;
}

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

export interface LessonLinkFull extends LessonLink {
  name?: string;
  cap?: number | null;
  inUse?: number;
}

export interface LessonReportFull extends LessonReport {
  moderationLog?: ModerationEntryView[] | null;
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

export interface TermReport {
  classId: string;
  className: string;
  from: string;
  to: string;
  timeZone: string;
  lessons: Array<{ id: string; title: string; startsAt: WireDate }>;
  students: StudentTerm[];
}

export type { Lesson };
