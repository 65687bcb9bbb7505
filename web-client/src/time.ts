import { locale } from "./i18n";

// Reading wire times is pure (no i18n, no DOM): it lives in wire/dates.ts, re-exported here.
export { toDate, toDateOr } from "./wire/dates";

// Times as people read them. Without a zone: the device's. With one (the school's, an IANA id the
// server gives with reports and the class link): the school's clock, so a teacher at home in another
// region, or a phone set to the wrong zone, still reads the times the school does.
function format(d: Date | null, zone: string | undefined, options: Intl.DateTimeFormatOptions): string {
  if (!d) return "—";
  try {
    return new Intl.DateTimeFormat(locale(), { ...options, timeZone: zone || undefined }).format(d);
  } catch {
    // An id this browser does not know: the device's own zone rather than nothing.
    return new Intl.DateTimeFormat(locale(), options).format(d);
  }
}

export function formatDate(d: Date | null, zone?: string): string {
  return format(d, zone, { weekday: "short", day: "numeric", month: "long" });
}

export function formatTime(d: Date | null, zone?: string): string {
  return format(d, zone, { hour: "2-digit", minute: "2-digit" });
}

export function formatDateTime(d: Date | null, zone?: string): string {
  return format(d, zone, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

/** "yyyy-mm-dd" of a day in the given zone, else the device's (for date inputs). */
export function isoDate(d: Date, zone?: string): string {
  try {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone || undefined, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(d);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    return `${get("year")}-${get("month")}-${get("day")}`;
  } catch {
    return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  }
}

const pad2 = (n: number) => String(n).padStart(2, "0");

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
  return {
    date: `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`,
    time: `${pad2(d.getHours())}:${pad2(d.getMinutes())}`,
  };
}
