// A branch building's display (/d/{token}): a screen nobody clicks. It has to find its way back
// into the lesson by itself, forever:
// - network drops and server restarts: LiveSession reconnects forever and joins again;
// - the lesson not open yet: the waiting screen counts down and the server lets it in;
// - the join refused (say the server came back before its database): it tries again every 30 s;
// - the lesson ended: it shows so, and every minute asks again, in case the link now leads to a
//   lesson (a per-lesson link stays ended, which costs one short hub call a minute; a link that
//   follows a class to its next lesson enters that one when it opens).
// It never retries after being replaced (the same link opened on another screen: two screens would
// take the lesson from each other in turn) or removed (the teacher's decision).
// A retry runs as a fresh live page out of sight and replaces the shown one only once it has
// something to show, so the room never sees a "connecting" flash every minute.
import { h } from "../dom";
import type { Screen } from "../hub";
import type { PageHandle } from "../router";
import { livePage } from "./live";

const retryEndedMs = 60_000;
const retryFailedMs = 30_000;

export function kioskPage(root: HTMLElement, token: string): PageHandle {
  let shown: PageHandle | null = null;
  let pending: PageHandle | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let destroyed = false;

  function open(): void {
    if (destroyed) return;
    const box = h("div", { class: "kiosk-page" });
    const first = shown === null;
    let visible = first;
    if (first) root.replaceChildren(box);
    let handle: PageHandle | null = null;
    const onScreen = (screen: Screen) => {
      if (destroyed) return;
      if (!visible && screen !== "connecting") {
        visible = true;
        const old = shown;
        root.replaceChildren(box);
        shown = handle;
        pending = null;
        old?.destroy?.();
      }
      if (!visible) return;
      clearTimeout(timer);
      if (screen === "ended") timer = setTimeout(open, retryEndedMs);
      else if (screen === "failed") timer = setTimeout(open, retryFailedMs);
    };
    handle = livePage(box, { code: token, kiosk: true, onScreen });
    if (visible) shown = handle;
    else {
      pending?.destroy?.();
      pending = handle;
    }
  }

  open();
  return {
    destroy() {
      destroyed = true;
      clearTimeout(timer);
      pending?.destroy?.();
      shown?.destroy?.();
    },
    relocalize() {
      shown?.relocalize?.();
    },
  };
}
