// Our own controls: microphone, camera (and front/back on a phone), raised hand, screen share. The
// microphone and camera buttons tell the server; what is captured and sent follows the state the
// server sends back (media/controller.ts), except that switching the camera off stops it at once.
// One self-contained element with stable data-testids: the layout places and styles it.
import { h, replaceChildren } from "../dom";
import type { LiveSession } from "../hub";
import { t } from "../i18n";
import { icon } from "../icons";
import type { MediaController } from "../media/controller";
import { screenGranted } from "../moderation-state";
import { Role, isStaffRole } from "../types";
import { runAction } from "./actions";
import "../styles/controls.css";

export function selfControls(session: LiveSession, media: MediaController): { el: HTMLElement; update(): void } {
  const el = h("div", { class: "self-controls actions", testid: "self-controls", role: "toolbar", "aria-label": t("self.controls") });
  let attached = false;
  const off = media.onChange(() => {
    // Gone from the page (the cabinet view was rebuilt): stop listening.
    if (attached && !el.isConnected) off();
    else update();
  });

  function update(): void {
    attached ||= el.isConnected;
    const you = session.you;
    if (!you || (you.role !== Role.Student && !isStaffRole(you.role))) {
      el.hidden = true;
      replaceChildren(el);
      // Observers and displays never get controls (a role does not change): nothing to follow.
      if (you) off();
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
      icon(you.micOn ? "mic" : locked ? "lock" : "micOff"),
      you.micOn ? t("self.micOff") : t("self.micOn"),
    );
    mic.addEventListener("click", () => runAction(mic, () => session.setMicrophone(!you.micOn)));

    const cameraState = media.cameraState();
    const cameraOn = cameraState === "on" || cameraState === "starting";
    const forbidden = cameraState === "forbidden";
    const unavailable = cameraState === "unavailable";
    const camera = h(
      "button",
      {
        type: "button",
        class: cameraOn ? "primary" : "",
        testid: "camera-toggle",
        "aria-pressed": cameraOn ? "true" : "false",
        "data-state": cameraState,
        disabled: forbidden || unavailable,
        title: forbidden ? t("self.cameraForbiddenHint") : unavailable ? t("media.unsupported") : null,
      },
      icon(cameraOn ? "camera" : "cameraOff"),
      cameraOn ? t("self.cameraOff") : t("self.cameraOn"),
    );
    camera.addEventListener("click", () => runAction(camera, () => media.toggleCamera()));

    let cameraSwitch: HTMLButtonElement | null = null;
    if (cameraOn && media.canSwitchCamera()) {
      const button = h("button", { type: "button", testid: "camera-switch" }, icon("cameraSwitch"), t("self.cameraSwitch"));
      button.addEventListener("click", () => runAction(button, () => media.switchCamera()));
      cameraSwitch = button;
    }

    let hand: HTMLButtonElement | null = null;
    if (you.role === Role.Student) {
      const raised = you.handRaisedAt !== null;
      const button = h(
        "button",
        { type: "button", class: raised ? "primary" : "", testid: "hand-toggle", "aria-pressed": raised ? "true" : "false" },
        icon("hand"),
        raised ? t("self.handDown") : t("self.handUp"),
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
        icon("screen"),
        sharing ? t("self.screenStop") : t("self.screenStart"),
      );
      button.addEventListener("click", () => runAction(button, () => (sharing ? media.stopScreenShare() : media.startScreenShare())));
      screen = button;
    }

    replaceChildren(
      el,
      mic,
      camera,
      cameraSwitch,
      hand,
      screen,
      locked ? h("span", { class: "self-hint", testid: "mic-locked-hint" }, t("self.micLockedHint")) : null,
      forbidden ? h("span", { class: "self-hint", testid: "camera-forbidden-hint" }, t("self.cameraForbiddenHint")) : null,
      you.sharing ? h("span", { class: "self-hint", testid: "sharing-hint" }, t("self.sharingHint")) : null,
    );
  }

  update();
  return { el, update };
}
