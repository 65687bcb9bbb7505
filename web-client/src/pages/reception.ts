// What this page receives (auto, data saver, audio only), the teacher's class default, this page's
// own link badge, and the notice when the relay switched it to audio only. Link badges for the
// teacher's participant cards come from linkBadge(). Styles: styles/reception.css.
import "../styles/reception.css";
import { h, replaceChildren } from "../dom";
import type { LiveSession } from "../hub";
import { t, type Key } from "../i18n";
import { receiveModes, type ReceiveMode } from "../live/state/reception";
import type { LinkQualityView } from "../types";
import { runAction } from "./actions";

export interface ReceptionPanel {
  el: HTMLElement;
  update(): void;
  relocalize(): void;
}

const modeKey = (mode: ReceiveMode): Key => `reception.${mode}` as Key;

function modeSelect(testid: string, label: Key, value: ReceiveMode, set: (mode: string) => Promise<void>): HTMLElement {
  const select = h("select", { testid, "aria-label": t(label) });
  for (const mode of receiveModes) select.append(h("option", { value: mode }, t(modeKey(mode))));
  select.value = value;
  select.addEventListener("change", () => {
    const chosen = select.value;
    runAction(select, () => set(chosen), () => (select.value = value));
  });
  return h("label", { class: "reception-choice" }, h("span", null, t(label)), " ", select);
}

export function receptionPanel(session: LiveSession): ReceptionPanel {
  const el = h("div", { class: "reception", testid: "reception" });

  function update(): void {
    const r = session.reception;
    const you = session.you;
    const own = modeSelect("reception-mode", "reception.label", r.own, (m) => session.setReceiveMode(m));
    const classChoice = session.isStaff ? modeSelect("reception-class", "reception.classLabel", r.classDefault, (m) => session.setClassReceiveMode(m)) : null;
    const capped =
      !session.isStaff && r.effective !== r.own
        ? h("span", { class: "reception-capped muted", testid: "reception-capped" }, t("reception.capped", { mode: t(modeKey(r.effective)) }))
        : null;
    const forced = r.audioOnlyForced ? h("p", { class: "reception-forced", role: "status", testid: "reception-forced" }, t("reception.forced")) : null;
    const quality = you ? r.quality.get(you.id) : undefined;
    el.dataset.effective = r.effective;
    replaceChildren(el, own, classChoice, capped, quality ? linkBadge(quality) : null, forced);
  }

  update();
  return { el, update, relocalize: update };
}

function megabytes(bytes: number): string {
  return t("link.megabytes", { n: (bytes / 1_000_000).toFixed(1) });
}

/**
 * A participant's link as a small badge: the level as a coloured dot and word, the figures in its
 * title (hover) and in its accessible name (screen readers, keyboard focus).
 */
export function linkBadge(q: LinkQualityView): HTMLElement {
  const level = q.level === "bad" || q.level === "poor" ? q.level : "good";
  const name = t(`link.${level}` as Key);
  const figures = t("link.figures", {
    level: name,
    loss: q.lossPercent.toFixed(1),
    rtt: q.rttMs != null ? t("link.rtt", { ms: q.rttMs }) : "",
    estimate: q.estimateKbps != null ? t("link.estimate", { kbps: q.estimateKbps }) : "",
    down: megabytes(Number(q.bytesReceived)),
    up: megabytes(Number(q.bytesSent)),
  });
  return h(
    "span",
    { class: `link-badge link-${level}`, testid: "link-badge", "data-level": level, title: figures, tabindex: 0, role: "img", "aria-label": figures },
    h("span", { class: "link-dot", "aria-hidden": "true" }),
    h("span", { class: "link-word", "aria-hidden": "true" }, name),
  );
}
