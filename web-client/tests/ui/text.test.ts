// The UI texts are split per feature (src/text/*.ts) and merged in src/i18n.ts. The compiler checks
// that each file's English has exactly its Russian keys; these tests check what it cannot: a key
// defined in two files (the later one would silently win), a file i18n.ts does not merge, and a
// {placeholder} that only one language fills in.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

type Texts = { ru: Record<string, string>; en: Record<string, string> };

const textDir = join(import.meta.dirname, "..", "..", "src", "text");
const modules = import.meta.glob<Texts>("../../src/text/*.ts", { eager: true });
const byFile = Object.entries(modules).map(([path, texts]) => ({ name: path.replace(/^.*\/(\w+)\.ts$/, "$1"), texts }));

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

describe("UI texts", () => {
  it("are found", () => {
    expect(byFile.length).toBe(readdirSync(textDir).filter((f) => f.endsWith(".ts")).length);
    expect(byFile.length).toBeGreaterThan(5);
  });

  it("define every key in one file only", () => {
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const { name, texts } of byFile) {
      for (const key of Object.keys(texts.ru)) {
        const first = owner.get(key);
        if (first) twice.push(`${key} (${first}, ${name})`);
        else owner.set(key, name);
      }
    }
    expect(twice).toEqual([]);
  });

  it("are all merged by i18n.ts", () => {
    const i18n = readFileSync(join(textDir, "..", "i18n.ts"), "utf8");
    const missing = byFile.filter(({ name }) => !i18n.includes(`...${name}.ru,`) || !i18n.includes(`...${name}.en,`)).map((f) => f.name);
    expect(missing).toEqual([]);
  });

  it("have both languages for every key, neither empty, with the same placeholders", () => {
    const problems: string[] = [];
    for (const { name, texts } of byFile) {
      expect(Object.keys(texts.en).sort(), name).toEqual(Object.keys(texts.ru).sort());
      for (const [key, ru] of Object.entries(texts.ru)) {
        const en = texts.en[key] ?? "";
        if (!ru.trim() || !en.trim()) problems.push(`${key}: empty`);
        else if (placeholders(ru).join() !== placeholders(en).join()) problems.push(`${key}: {${placeholders(ru)}} vs {${placeholders(en)}}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
