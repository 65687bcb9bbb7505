// HTTP API client: JSON bodies, the auth cookie (same origin), problem+json errors with a `code`.
import type {
  Cabinet,
  ClassDetail,
  ClassLinkView,
  ClassSummary,
  Lesson,
  LessonLink,
  LessonReport,
  LinkRole,
  Me,
  RosterReport,
  ScheduleLessonRequest,
  Student,
  Teacher,
  TermReport,
  TimelineView,
} from "./types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly title: string | undefined,
  ) {
    super(code ? `[${code}] ${title ?? ""}`.trim() : title || `HTTP ${status}`);
    this.name = "ApiError";
  }
}

/** Thrown when fetch itself fails (offline, server down). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : "network error");
    this.name = "NetworkError";
  }
}

interface RawBody {
  contentType: string;
  data: BodyInit;
}

export async function request<T>(method: string, path: string, body?: unknown, raw?: RawBody): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let payload: BodyInit | undefined;
  if (raw) {
    headers["Content-Type"] = raw.contentType;
    payload = raw.data;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
  } catch (e) {
    throw new NetworkError(e);
  }
  if (!res.ok) throw await problem(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function problem(res: Response): Promise<ApiError> {
  let code: string | undefined;
  let title: string | undefined;
  try {
    const text = await res.text();
    if (text) {
      const p = JSON.parse(text) as { code?: unknown; title?: unknown };
      if (typeof p.code === "string") code = p.code;
      if (typeof p.title === "string") title = p.title;
    }
  } catch {
    // not JSON: keep the status only
  }
  return new ApiError(res.status, code, title);
}

const enc = encodeURIComponent;
const csv = (file: Blob): RawBody => ({ contentType: "text/csv", data: file });

export const api = {
  // accounts
  me: () => request<Me>("GET", "/api/auth/me"),
  login: (userName: string, password: string) => request<Me>("POST", "/api/auth/login", { userName, password }),
  logout: () => request<void>("POST", "/api/auth/logout"),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>("POST", "/api/auth/password", { currentPassword, newPassword }),
  teachers: () => request<Teacher[]>("GET", "/api/admin/teachers"),
  createTeacher: (userName: string, displayName: string, password: string) =>
    request<Teacher>("POST", "/api/admin/teachers", { userName, displayName, password }),
  resetTeacherPassword: (id: string, newPassword: string) =>
    request<void>("POST", `/api/admin/teachers/${enc(id)}/password`, { newPassword }),
  unlockTeacher: (id: string) => request<void>("POST", `/api/admin/teachers/${enc(id)}/unlock`),

  // cabinets
  cabinets: () => request<Cabinet[]>("GET", "/api/cabinets"),
  createCabinet: (name: string, subject: string) => request<Cabinet>("POST", "/api/cabinets", { name, subject }),

  // classes, rosters (merged by name, with a preview that changes nothing) and the class link
  classes: () => request<ClassSummary[]>("GET", "/api/classes"),
  createClass: (name: string) => request<ClassSummary>("POST", "/api/classes", { name }),
  classDetail: (id: string) => request<ClassDetail>("GET", `/api/classes/${enc(id)}`),
  previewText: (id: string, text: string) => request<RosterReport>("POST", `/api/classes/${enc(id)}/students/preview`, { text }),
  previewCsv: (id: string, file: Blob) => request<RosterReport>("POST", `/api/classes/${enc(id)}/students/csv/preview`, undefined, csv(file)),
  importText: (id: string, text: string) => request<ClassDetail>("POST", `/api/classes/${enc(id)}/students`, { text }),
  importCsv: (id: string, file: Blob) => request<ClassDetail>("POST", `/api/classes/${enc(id)}/students/csv`, undefined, csv(file)),
  removeStudents: (id: string, ids: string[]) => request<ClassDetail>("POST", `/api/classes/${enc(id)}/students/remove`, { ids }),
  restoreStudents: (id: string, ids: string[]) => request<ClassDetail>("POST", `/api/classes/${enc(id)}/students/restore`, { ids }),
  regenerateCode: (id: string, studentId: string) =>
    request<Student>("POST", `/api/classes/${enc(id)}/students/${enc(studentId)}/code`),
  renewClassLink: (id: string) => request<{ linkToken: string }>("POST", `/api/classes/${enc(id)}/link`),
  classLink: (token: string) => request<ClassLinkView>("GET", `/api/class-links/${enc(token)}`),

  // lessons
  lessons: (cabinetId: string) => request<Lesson[]>("GET", `/api/cabinets/${enc(cabinetId)}/lessons`),
  scheduleLesson: (cabinetId: string, body: ScheduleLessonRequest) =>
    request<Lesson>("POST", `/api/cabinets/${enc(cabinetId)}/lessons`, body),
  startNow: (cabinetId: string, classId: string, durationMinutes?: number) =>
    request<Lesson>("POST", `/api/cabinets/${enc(cabinetId)}/lessons/now`, { classId, durationMinutes }),
  openEarly: (id: string) => request<Lesson>("POST", `/api/lessons/${enc(id)}/open-early`),
  endLesson: (id: string) => request<Lesson>("POST", `/api/lessons/${enc(id)}/end`),
  links: (id: string) => request<LessonLink[]>("GET", `/api/lessons/${enc(id)}/links`),
  createLink: (id: string, role: LinkRole, name: string, cap: number | undefined) =>
    request<LessonLink>("POST", `/api/lessons/${enc(id)}/links`, { role, name, cap }),
  deleteLink: (id: string, token: string) => request<void>("DELETE", `/api/lessons/${enc(id)}/links/${enc(token)}`),

  // reports
  report: (id: string) => request<LessonReport>("GET", `/api/lessons/${enc(id)}/report`),
  reportCsvUrl: (id: string) => `/api/lessons/${enc(id)}/report.csv`,
  moderationCsvUrl: (id: string) => `/api/lessons/${enc(id)}/moderation.csv`,
  timeline: (id: string) => request<TimelineView>("GET", `/api/lessons/${enc(id)}/timeline`),
  term: (classId: string, from: string, to: string) =>
    request<TermReport>("GET", `/api/classes/${enc(classId)}/attendance?from=${enc(from)}&to=${enc(to)}`),
};
