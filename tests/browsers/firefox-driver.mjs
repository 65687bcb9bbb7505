// Drives Debian's Firefox ESR over WebDriver BiDi (puppeteer-core) for the C# end-to-end tests.
//
// Protocol: one JSON object per line. The test writes commands to stdin,
//   {"id": 1, "op": "newPage"}                      -> a page in its own browser context (own cookies)
//   {"id": 2, "op": "goto", "page": "p1", "url": "..."}
//   {"id": 3, "op": "fill" | "click" | "waitFor", "page": "p1", "selector": "...", "text"?: "...", "timeoutMs"?: n}
//   {"id": 4, "op": "evaluate", "page": "p1", "script": "async () => ..."}   -> its JSON value
//   {"id": 5, "op": "addInitScript", "page": "p1", "script": "..."}         -> runs before every page script
//   {"id": 6, "op": "closePage", "page": "p1"}
//   {"id": 7, "op": "close"}
// and reads one reply per command on stdout, {"id": n, "ok": true, "value": ...} or
// {"id": n, "ok": false, "error": "..."}, plus events: {"event": "ready", "version": "..."} once
// Firefox runs, {"event": "console", "page": "p1", "text": "..."} for what pages log.
//
// The BiDi endpoint is a WebSocket on the browser's own loopback, so inside a network namespace this
// script must run in the namespace too (`ip netns exec NS node firefox-driver.mjs`). Firefox closes
// when stdin ends, on "close", on SIGTERM, or when no command came for --idle-seconds.
//
// Options: --executable PATH (default /usr/bin/firefox-esr), --secure-origin HOST (repeatable: a
// plain-HTTP host treated as a secure context, so it may use camera and microphone), --headful (a
// window, e.g. under Xvfb: only a headful Firefox can capture a screen), --idle-seconds N (300).
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const executablePath = option("--executable") ?? "/usr/bin/firefox-esr";
const secureOrigins = args.flatMap((a, i) => (args[i - 1] === "--secure-origin" ? [a] : []));
const headful = args.includes("--headful");
const idleMs = Number(option("--idle-seconds") ?? 300) * 1000;

// Prefs checked on Firefox ESR 153 (shared ENVIRONMENT-NOTES): fake camera and microphone without a
// prompt, real host candidates (no mDNS names), sound without a click, and the test server's plain
// HTTP origin as a secure context. The screen is picked without a prompt too (headful only).
const prefs = {
  "media.navigator.streams.fake": true,
  "media.navigator.permission.disabled": true,
  "media.peerconnection.ice.obfuscate_host_addresses": false,
  "media.autoplay.default": 0,
  "media.autoplay.blocking_policy": 0,
  "media.getdisplaymedia.enabled": true,
  "dom.securecontext.allowlist": secureOrigins.join(","),
  // Nothing leaves the namespace anyway; these keep Firefox from trying.
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "browser.safebrowsing.update.enabled": false,
  "app.update.enabled": false,
};

const write = (message) => process.stdout.write(JSON.stringify(message) + "\n");

let browser = null;
let closing = null;
const pages = new Map();
let pageCount = 0;

function close(code) {
  closing ??= (async () => {
    try {
      await browser?.close();
    } catch {
      // already gone
    }
    process.exit(code);
  })();
  return closing;
}

process.on("SIGTERM", () => void close(0));
process.on("SIGINT", () => void close(0));

let idleTimer;
function touch() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    write({ event: "idle", text: `no command for ${idleMs / 1000} s: closing` });
    void close(2);
  }, idleMs);
}

function pageOf(command) {
  const page = pages.get(command.page);
  if (!page) throw new Error(`no page ${command.page}`);
  return page;
}

const defaultTimeoutMs = 30_000;

async function run(command) {
  switch (command.op) {
    case "newPage": {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      const id = `p${++pageCount}`;
      page.on("console", (m) => write({ event: "console", page: id, text: m.text() }));
      page.on("pageerror", (e) => write({ event: "console", page: id, text: `pageerror: ${e?.message ?? e}` }));
      pages.set(id, page);
      return id;
    }
    case "goto":
      await pageOf(command).goto(command.url, { waitUntil: "load", timeout: command.timeoutMs ?? defaultTimeoutMs });
      return null;
    case "fill": {
      const page = pageOf(command);
      const input = await page.waitForSelector(command.selector, { timeout: command.timeoutMs ?? defaultTimeoutMs });
      await input.evaluate((el) => {
        el.value = "";
      });
      await input.type(command.text ?? "");
      return null;
    }
    case "click": {
      // A locator finds the element again when the client re-renders it between the wait and the
      // click ("Node is detached from document" with a plain element handle).
      await pageOf(command)
        .locator(command.selector)
        .setTimeout(command.timeoutMs ?? defaultTimeoutMs)
        .click();
      return null;
    }
    case "waitFor":
      await pageOf(command).waitForSelector(command.selector, { timeout: command.timeoutMs ?? defaultTimeoutMs });
      return null;
    case "evaluate":
      // The script is a function expression; its result comes back as JSON.
      return await pageOf(command).evaluate(`(${command.script})()`);
    case "addInitScript":
      await pageOf(command).evaluateOnNewDocument(command.script);
      return null;
    case "closePage": {
      const page = pageOf(command);
      pages.delete(command.page);
      await page.browserContext().close();
      return null;
    }
    case "close":
      return null;
    default:
      throw new Error(`unknown op ${command.op}`);
  }
}

try {
  browser = await puppeteer.launch({
    browser: "firefox",
    protocol: "webDriverBiDi",
    executablePath,
    headless: !headful,
    extraPrefsFirefox: prefs,
    // Inherit no terminal; Firefox's own chatter goes to our stderr for the test's diagnostics.
    dumpio: false,
    timeout: 60_000,
  });
} catch (e) {
  write({ event: "failed", text: String(e?.stack ?? e) });
  process.exit(1);
}
write({ event: "ready", version: await browser.version() });
touch();

// Commands run one at a time, in order: the test waits for each reply anyway.
let queue = Promise.resolve();
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  touch();
  queue = queue.then(async () => {
    let command;
    try {
      command = JSON.parse(line);
    } catch {
      write({ event: "console", text: `not JSON: ${line.slice(0, 200)}` });
      return;
    }
    try {
      const value = await run(command);
      write({ id: command.id, ok: true, value: value ?? null });
      if (command.op === "close") await close(0);
    } catch (e) {
      write({ id: command.id, ok: false, error: String(e?.message ?? e) });
    }
  });
});
lines.on("close", () => void queue.then(() => close(0)));
