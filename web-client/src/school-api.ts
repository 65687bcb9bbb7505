// HTTP calls of the school features (docs/api.md), on the same fetch wrapper as api.ts.
import { request } from "./api";
import type { LinkRole, Lesson } from "./types";
import type { ClassFull, ClassLinkView, LessonLinkFull, LessonReportFull, RosterReport, TermReport, TimelineView } from "./school-types";

const enc = encodeURIComponent;
const csv = (file: Blob) => ({ contentType: "text/csv", data: file });

export const schoolApi = {
  // quick start and the class link
  startNow: (cabinetId: string, classId: string, durationMinutes?: number) =>
    request<Lesson>("POST", `/api/cabinets/${enc(cabinetId)}/lessons/now`, { classId, durationMinutes }),
  classFull: (id: string) => request<ClassFull>("GET", `/api/classes/${enc(id)}`),
  renewClassLink: (id: string) => request<{ linkToken: string }>("POST", `/api/classes/${enc(id)}/link`),
  classLink: (token: string) => request<ClassLinkView>("GET", `/api/class-links/${enc(token)}`),

  // rosters
  previewText: (id: string, text: string) => request<RosterReport>("POST", `/api/classes/${enc(id)}/students/preview`, { text }),
  previewCsv: (id: string, file: Blob) => request<RosterReport>("POST", `/api/classes/${enc(id)}/students/csv/preview`, undefined, csv(file)),
  importText: (id: string, text: string) => request<ClassFull>("POST", `/api/classes/${enc(id)}/students`, { text }),
  importCsv: (id: string, file: Blob) => request<ClassFull>("POST", `/api/classes/${enc(id)}/students/csv`, undefined, csv(file)),
  removeStudents: (id: string, ids: string[]) => request<ClassFull>("POST", `/api/classes/${enc(id)}/students/remove`, { ids }),
  restoreStudents: (id: string, ids: string[]) => request<ClassFull>("POST", `/api/classes/${enc(id)}/students/restore`, { ids }),

  // lesson links
  links: (lessonId: string) => request<LessonLinkFull[]>("GET", `/api/lessons/${enc(lessonId)}/links`),
  createLink: (lessonId: string, role: LinkRole, name: string, cap: number | undefined) =>
    request<LessonLinkFull>("POST", `/api/lessons/${enc(lessonId)}/links`, { role, name, cap }),

  // reports
  report: (lessonId: string) => request<LessonReportFull>("GET", `/api/lessons/${enc(lessonId)}/report`),
  timeline: (lessonId: string) => request<TimelineView>("GET", `/api/lessons/${enc(lessonId)}/timeline`),
  moderationCsvUrl: (lessonId: string) => `/api/lessons/${enc(lessonId)}/moderation.csv`,
  term: (classId: string, from: string, to: string) =>
    request<TermReport>("GET", `/api/classes/${enc(classId)}/attendance?from=${enc(from)}&to=${enc(to)}`),
};
