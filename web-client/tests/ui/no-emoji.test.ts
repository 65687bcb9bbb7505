// No emoji anywhere in what the client ships: a Debian school PC without a colour-emoji font shows
// them as empty boxes. Icons are inline SVG (src/icons.ts). Arrows and the ellipsis are ordinary text
// characters every font has, so only characters that default to emoji presentation, the emoji
// variation selector and the pictograph planes count.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const emoji = /[\p{Emoji_Presentation}\u{FE0F}\u{1F000}-\u{1FAFF}]/u;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|css|html)$/.test(name) ? [path] : [];
  });
}

export function emojiIn(text: string): { line: number; char: string }[] {
  return text.split("\n").flatMap((line, i) => {
    const m = emoji.exec(line);
    return m ? [{ line: i + 1, char: m[0] }] : [];
  });
}

describe("icons", () => {
  it("finds emoji the way the check below does", () => {
    expect(emojiIn("a\n🎤 b")).toEqual([{ line: 2, char: "🎤" }]);
    expect(emojiIn("✋")).toHaveLength(1);
    expect(emojiIn("🖥\uFE0F")).toHaveLength(1);
    expect(emojiIn("← На главную … лично → {name} 12:30 #1")).toEqual([]);
  });

  it("no source file of the client has an emoji in it", () => {
    const found = [...files(join(root, "src")), join(root, "index.html")].flatMap((path) =>
      emojiIn(readFileSync(path, "utf8")).map((e) => `${relative(root, path)}:${e.line} ${e.char}`),
    );
    expect(found).toEqual([]);
  });
});
