// Times as the school reads them: in the school's time zone (given by the server), not the device's.
// A teacher at home in another region, or a phone set to the wrong zone, still sees the school's clock.
import { locale } from "./i18n";

function format(d: Date | null, zone: string | undefined, options: Intl.DateTimeFormatOptions): string {
  if (!d) return "—";
  try {
    return new Intl.DateTimeFormat(locale(), { ...options, timeZone: zone || undefined }).format(d);
  } catch {
    // An id this browser does not know: the device's own zone rather than nothing.
    return new Intl.DateTimeFormat(locale(), options).format(d);
  }
}

export function zonedTime(d: Date | null, zone?: string): string {
  return format(d, zone, { hour: "2-digit", minute: "2-digit" });
}

export function zonedDate(d: Date | null, zone?: string): string {
  return format(d, zone, { weekday: "short", day: "numeric", month: "long" });
}

export function zonedDateTime(d: Date | null, zone?: string): string {
  return format(d, zone, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

/** "yyyy-mm-dd" of a day in the school's zone (for date inputs). */
export function zonedIsoDate(d: Date, zone?: string): string {
  try {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone || undefined, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(d);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    return `${get("year")}-${get("month")}-${get("day")}`;
  } catch {
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }
}
