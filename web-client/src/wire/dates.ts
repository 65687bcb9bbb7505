// Wire times as Dates, without i18n or DOM (the live state and its tests use these).
import type { WireDate } from "./contracts";

/**
 * A wire time as a Date. MessagePack gives Date objects, JSON gives ISO strings. The contract says
 * every time is UTC, so a string without a zone designator is read as UTC (not device-local).
 */
export function toDate(x: WireDate | number | null | undefined): Date | null {
  if (x === null || x === undefined) return null;
  if (x instanceof Date) return Number.isNaN(x.getTime()) ? null : x;
  if (typeof x === "number") return new Date(x);
  let s = String(x).trim();
  if (s === "") return null;
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(s)) s += "Z";
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** toDate() for values the contract says are never null. */
export function toDateOr(x: WireDate | null | undefined, fallback = new Date(0)): Date {
  return toDate(x) ?? fallback;
}
