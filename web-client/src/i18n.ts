// UI strings: Russian is the default; English is a switch remembered in localStorage. The texts
// live per feature in text/*.ts (Russian and English side by side); each file's English is typed by
// its Russian keys, so neither language can miss a key, and tests/ui/text.test.ts checks that no key
// is defined twice and that both languages use the same {placeholders}. A new feature adds its own
// file and one line in each list below.
import * as common from "./text/common";
import * as accounts from "./text/accounts";
import * as dashboard from "./text/dashboard";
import * as rosters from "./text/rosters";
import * as reports from "./text/reports";
import * as entry from "./text/entry";
import * as live from "./text/live";
import * as moderation from "./text/moderation";
import * as media from "./text/media";
import * as errors from "./text/errors";
// Receiver choices and link quality (issue 13).
import * as reception from "./text/reception";

const ru = {
  ...common.ru,
  ...accounts.ru,
  ...dashboard.ru,
  ...rosters.ru,
  ...reports.ru,
  ...entry.ru,
  ...live.ru,
  ...moderation.ru,
  ...media.ru,
  ...errors.ru,
  ...reception.ru,
};

export type Key = keyof typeof ru;

const en: Record<Key, string> = {
  ...common.en,
  ...accounts.en,
  ...dashboard.en,
  ...rosters.en,
  ...reports.en,
  ...entry.en,
  ...live.en,
  ...moderation.en,
  ...media.en,
  ...errors.en,
  ...reception.en,
};

export type Lang = "ru" | "en";

const dictionaries: Record<Lang, Record<Key, string>> = { ru, en };
const storageKey = "classroom.lang";

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved === "ru" || saved === "en") return saved;
  } catch {
    // storage may be blocked (private mode); fall back to Russian
  }
  return "ru";
}

let current: Lang = initialLang();
const listeners = new Set<() => void>();

export function lang(): Lang {
  return current;
}

/** The BCP 47 locale for dates and numbers. */
export function locale(): string {
  return current === "ru" ? "ru-RU" : "en-GB";
}

export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // ignore
  }
  document.documentElement.lang = next;
  for (const l of listeners) l();
}

export function onLangChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function hasKey(key: string): key is Key {
  return Object.prototype.hasOwnProperty.call(ru, key);
}

/** Translates a key; {name} placeholders are replaced with plain text (the result is used as text, never HTML). */
export function t(key: Key, params?: Record<string, string | number>): string {
  let s = dictionaries[current][key] ?? ru[key] ?? key;
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  }
  return s;
}

document.documentElement.lang = current;
