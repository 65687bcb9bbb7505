// Our own controls: microphone, raised hand, screen share. The microphone button only tells the
// server; our audio track follows the state the server sends back (media/controller.ts).
import { h, replaceChildren } from "../dom";
import type { LiveSession } from "../hub";
import { t } from "../i18n";
import type { MediaController } from "../media/controller";
import { screenGranted } from "../moderation-state";
import { Role, isStaffRole } from "../types";
import { runAction } from "./actions";

export function selfControls(session: LiveSession, media: MediaController): { el: HTMLElement; update(): void } {
  const el = h("div", { class: "self-controls actions", testid: "self-controls" });

  function update(): void {
    const you = session.you;
    if (!you || (you.role !== Role.Student && !isStaffRole(you.role))) {
      el.hidden = true;
      replaceChildren(el);
      return;
    }
    el.hidden = false;
    const locked = you.micLocked && !you.micOn;
    const mic = h(
      "button",
      {
        type: "button",
        class: you.micOn ? "primary" : "",
        testid: "mic-toggle",
        "aria-pressed": you.micOn ? "true" : "false",
        "data-state": you.micOn ? "on" : locked ? "locked" : "off",
        disabled: locked,
        title: locked ? t("self.micLockedHint") : null,
      },
      you.micOn ? `🎤 ${t("self.micOff")}` : `${locked ? "🔒" : "🔇"} ${t("self.micOn")}`,
    );
    mic.addEventListener("click", () => runAction(mic, () => session.setMicrophone(!you.micOn)));

    let hand: HTMLButtonElement | null = null;
    if (you.role === Role.Student) {
      const raised = you.handRaisedAt !== null;
      const button = h(
        "button",
        { type: "button", class: raised ? "primary" : "", testid: "hand-toggle", "aria-pressed": raised ? "true" : "false" },
        raised ? `✋ ${t("self.handDown")}` : `✋ ${t("self.handUp")}`,
      );
      button.addEventListener("click", () => runAction(button, () => session.raiseHand(!raised)));
      hand = button;
    }

    let screen: HTMLButtonElement | null = null;
    if (screenGranted(you) || you.sharing) {
      const sharing = you.sharing;
      const button = h(
        "button",
        { type: "button", class: sharing ? "primary" : "", testid: "screen-toggle", "aria-pressed": sharing ? "true" : "false" },
        sharing ? `🖥 ${t("self.screenStop")}` : `🖥 ${t("self.screenStart")}`,
      );
      button.addEventListener("click", () => runAction(button, () => (sharing ? media.stopScreenShare() : media.startScreenShare())));
      screen = button;
    }

    replaceChildren(
      el,
      mic,
      hand,
      screen,
      locked ? h("span", { class: "self-hint", testid: "mic-locked-hint" }, t("self.micLockedHint")) : null,
      you.sharing ? h("span", { class: "self-hint", testid: "sharing-hint" }, t("self.sharingHint")) : null,
    );
  }

  update();
  return { el, update };
}
