// The height the live screens may fill, kept in the CSS variable --app-height, and whether the
// on-screen keyboard takes part of it (class `keyboard-open` on <html>).
//
// Why: `100vh` on phones includes the area under the browser's bars and under the keyboard, so a
// chat input laid out at the bottom of `100vh` hides behind them. Android Chrome with
// `interactive-widget=resizes-content` (index.html) shrinks the layout viewport when the keyboard
// opens; iOS Safari only shrinks the visual viewport. `visualViewport.height` is right in both.

const keyboardShare = 0.75;

export function trackViewport(): () => void {
  const root = document.documentElement;
  const vv = window.visualViewport ?? null;
  /** The tallest height seen at the current width: the height without a keyboard. */
  let fullHeight = 0;
  let width = 0;
  let frame = 0;

  const apply = () => {
    frame = 0;
    const height = Math.round(vv ? vv.height : window.innerHeight);
    const w = Math.round(vv ? vv.width : window.innerWidth);
    if (w !== width) {
      // Rotated or resized: start over.
      width = w;
      fullHeight = height;
    }
    fullHeight = Math.max(fullHeight, height);
    root.style.setProperty("--app-height", `${height}px`);
    const editing = isEditable(document.activeElement);
    root.classList.toggle("keyboard-open", editing && height < fullHeight * keyboardShare);
    // iOS scrolls the page to show the focused input; the layout already fits, so take it back.
    if (vv && vv.offsetTop > 0 && root.classList.contains("live-screen")) window.scrollTo(0, 0);
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(apply);
  };

  apply();
  vv?.addEventListener("resize", schedule);
  vv?.addEventListener("scroll", schedule);
  window.addEventListener("resize", schedule);
  document.addEventListener("focusin", schedule);
  document.addEventListener("focusout", schedule);
  return () => {
    if (frame) cancelAnimationFrame(frame);
    vv?.removeEventListener("resize", schedule);
    vv?.removeEventListener("scroll", schedule);
    window.removeEventListener("resize", schedule);
    document.removeEventListener("focusin", schedule);
    document.removeEventListener("focusout", schedule);
  };
}

function isEditable(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) return !["button", "checkbox", "radio", "submit", "reset", "file", "range", "color"].includes(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}
