import { locale } from "./i18n";

// Reading wire times is pure (no i18n, no DOM): it lives in wire/dates.ts, re-exported here.
export { toDate, toDateOr } from "./wire/dates";

export function formatDate(d: Date | null): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat(locale(), { weekday: "short", day: "numeric", month: "long" }).format(d);
}

export function formatTime(d: Date | null): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat(locale(), { hour: "2-digit", minute: "2-digit" }).format(d);
}

export function formatDateTime(d: Date | null): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat(locale(), {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(d);
}

/** "1:02:03", "02:03" or "3 д 04:05:06" style countdown; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  const hms = hours > 0 || days > 0 ? `${pad(hours)}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
  if (days > 0) return `${days} ${locale().startsWith("ru") ? "д" : "d"} ${hms}`;
  return hms;
}

/** Local date and time inputs (YYYY-MM-DD, HH:MM) to an ISO UTC string. */
export function localInputsToIso(date: string, time: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const n = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || !n) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(n[1]), Number(n[2]), 0, 0);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Default values for a schedule form: today, the next quarter hour. */
export function nextQuarterHour(now = new Date()): { date: string; time: string } {
  const d = new Date(now.getTime());
  d.setSeconds(0, 0);
  d.setMinutes(Math.ceil((d.getMinutes() + 1) / 15) * 15);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  };
}
