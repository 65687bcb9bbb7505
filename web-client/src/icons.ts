// The UI's icons as inline SVG built with the DOM API and shipped with the client: a school PC
// without a colour-emoji font shows empty boxes for emoji, never these. Each icon is decorative
// (aria-hidden): the text next to it, or the screen-reader label from labelledIcon(), says what it
// means. Strokes use currentColor, so icons take the colour of the text around them. Drawn on a
// 24×24 grid with round 2px strokes.
import "./styles/icons.css";
import { h, s } from "./dom";

/** Path data of each icon (several subpaths in one string are fine). */
const shapes = {
  mic: ["M9 6a3 3 0 0 1 6 0v5a3 3 0 0 1-6 0z", "M5.5 11a6.5 6.5 0 0 0 13 0", "M12 17.5V21", "M8.5 21h7"],
  micOff: ["M9 6a3 3 0 0 1 6 0v5a3 3 0 0 1-6 0z", "M5.5 11a6.5 6.5 0 0 0 13 0", "M12 17.5V21", "M8.5 21h7", "M4 4l16 16"],
  lock: ["M5.5 11h13v9.5h-13z", "M8.5 11V7.5a3.5 3.5 0 0 1 7 0V11", "M12 15v2"],
  hand: [
    "M8 12.5V6.5a1.5 1.5 0 0 1 3 0V11",
    "M11 11V4.5a1.5 1.5 0 0 1 3 0V11",
    "M14 11V6a1.5 1.5 0 0 1 3 0v6",
    "M17 12V9.5a1.5 1.5 0 0 1 3 0v4a7.5 7.5 0 0 1-7.5 7.5h-.5a6.5 6.5 0 0 1-5.3-2.8L4.2 14.6a1.5 1.5 0 0 1 2.5-1.7L8 14.5",
  ],
  screen: ["M3 4.5h18v11.5H3z", "M12 16v4", "M8 20h8"],
  camera: ["M3 7h12v10H3z", "M15 10.5l6-3.5v10l-6-3.5"],
  cameraOff: ["M3 7h12v10H3z", "M15 10.5l6-3.5v10l-6-3.5", "M3 3l18 18"],
  cameraSwitch: ["M4.5 10a7.5 7.5 0 0 1 13.3-3.8", "M18.5 3v3.5H15", "M19.5 14a7.5 7.5 0 0 1-13.3 3.8", "M5.5 21v-3.5H9"],
  chat: ["M4 5h16v11H10l-4.5 3.5V16H4z"],
  pin: ["M9 3.5h6", "M10 3.5l-.8 6L6.5 13h11l-2.7-3.5-.8-6", "M12 13v7.5"],
  /** "More actions": three dots (zero-length round-capped strokes). */
  more: ["M5.5 12h.01", "M12 12h.01", "M18.5 12h.01"],
  sound: ["M4 9.5h3.5L12 5.5v13l-4.5-4H4z", "M15.5 9a4 4 0 0 1 0 6", "M18 6.5a7.5 7.5 0 0 1 0 11"],
} as const;

export type IconName = keyof typeof shapes;

/** A decorative icon: hidden from screen readers, never focusable, sized to the text. */
export function icon(name: IconName): SVGSVGElement {
  return s(
    "svg",
    {
      viewBox: "0 0 24 24",
      fill: "none",
      stroke: "currentColor",
      "stroke-width": 2,
      "stroke-linecap": "round",
      "stroke-linejoin": "round",
      "aria-hidden": "true",
      focusable: "false",
      class: `icon icon-${name}`,
      "data-icon": name,
    },
    shapes[name].map((d) => s("path", { d })),
  );
}

/** An icon that stands alone (no visible text): the label is there for screen readers and as a tooltip. */
export function labelledIcon(name: IconName, label: string): HTMLSpanElement {
  return h("span", { class: "icon-labelled", title: label }, icon(name), h("span", { class: "sr-only" }, label));
}
