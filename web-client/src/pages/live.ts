// A live lesson page: one LiveSession, and whichever screen it is on.
import { h, replaceChildren } from "../dom";
import { describeError, errorCode } from "../errors";
import { LiveSession, type Screen, type SessionOptions } from "../hub";
import { t } from "../i18n";
import { MediaController } from "../media/controller";
import { link, type PageHandle } from "../router";
import { clearMessages, setDisplayScreen, setLiveScreen, showError } from "../shell";
import { cabinetView } from "./cabinet";
import { lobbyView } from "./lobby";
import { removedView } from "./removed";
import { waitingView } from "./waiting";

export interface LiveOptions extends SessionOptions {
  /** Where "try again with another code" leads, if anywhere. */
  retryHref?: string;
  /** Called when the server refuses the display name (observers); the page asks again. */
  onNameRejected?: (message: string) => void;
  /** A branch display (/d/...): every screen full screen, no top bar, nobody to click (kiosk.ts). */
  kiosk?: boolean;
  /** Told after each screen is rendered. */
  onScreen?: (screen: Screen) => void;
}

export function livePage(root: HTMLElement, options: LiveOptions): PageHandle {
  const session = new LiveSession(options);
  // Media first: it reacts to leaving the cabinet before the page shows the next screen.
  const media = new MediaController(session);
  const status = h("div", { class: "conn-status", role: "status", testid: "connection-status", hidden: true });
  const body = h("div", { class: "live" });
  root.append(status, body);

  let view: { update?(e: Parameters<Parameters<LiveSession["on"]>[0]>[0]): void; destroy?(): void } | null = null;

  function renderStatus(): void {
    const terminal = ["ended", "replaced", "removed", "failed"].includes(session.screen);
    const text =
      session.link === "reconnecting" ? t("live.reconnecting") : session.link === "offline" ? t("live.offline") : "";
    status.textContent = text;
    status.hidden = terminal || !text;
  }

  function renderScreen(): void {
    view?.destroy?.();
    view = null;
    setDisplayScreen(!!options.kiosk || (session.isDisplay && session.screen === "cabinet"));
    setLiveScreen(session.screen === "cabinet");
    switch (session.screen) {
      case "connecting":
        replaceChildren(body, h("section", { class: "card center", testid: "connecting" }, h("p", { class: "lead" }, t("live.connecting"))));
        break;
      case "waiting": {
        const w = waitingView(session.waiting!, !!options.kiosk);
        view = w;
        replaceChildren(body, w.el);
        break;
      }
      case "lobby":
        clearMessages();
        replaceChildren(body, lobbyView(session, !!options.kiosk).el);
        break;
      case "removed": {
        clearMessages();
        const r = removedView(session);
        view = r;
        replaceChildren(body, r.el);
        break;
      }
      case "cabinet": {
        clearMessages();
        const c = cabinetView(session, media);
        view = c;
        replaceChildren(body, c.el);
        break;
      }
      case "ended":
        renderEnded();
        break;
      case "replaced": {
        const back = h("button", { type: "button", class: "primary", testid: "replaced-continue" }, t("live.replacedBack"));
        back.addEventListener("click", () => void session.start());
        replaceChildren(
          body,
          h(
            "section",
            { class: "card center", testid: "replaced" },
            h("h1", null, t("live.replaced")),
            h("p", null, t("live.replacedHint")),
            back,
          ),
        );
        break;
      }
      case "failed":
        renderFailed();
        break;
    }
    renderStatus();
    options.onScreen?.(session.screen);
  }

  function renderEnded(): void {
    // A display says it calmly (below); a red error box on a hall's screen would alarm the room.
    if (!options.kiosk && session.error && errorCode(session.error) === "entry.lesson_ended") showError(describeError(session.error));
    const staff = session.isStaff;
    const lesson = session.lesson;
    replaceChildren(
      body,
      h(
        "section",
        { class: `card center${options.kiosk ? " kiosk-screen" : ""}`, testid: "lesson-ended" },
        options.kiosk && lesson?.schoolName ? h("p", { class: "kiosk-school" }, lesson.schoolName) : null,
        h("h1", null, t("live.ended")),
        options.kiosk && lesson ? h("p", { class: "lead" }, lesson.title || lesson.cabinetName) : null,
        h("p", null, t(options.kiosk ? "kiosk.endedWait" : "live.endedThanks")),
        staff && session.lesson
          ? h(
              "p",
              { class: "actions center-actions" },
              link(`/lessons/${encodeURIComponent(session.lesson.lessonId)}/report`, t("live.report"), { class: "button primary" }),
              link("/", t("common.toHome"), { class: "button" }),
            )
          : null,
      ),
    );
  }

  function renderFailed(): void {
    const message = describeError(session.error);
    const code = errorCode(session.error);
    if ((code === "entry.name_required" || code === "invalid_name") && options.onNameRejected) {
      options.onNameRejected(message);
      return;
    }
    showError(message);
    const retry = h("button", { type: "button", class: "primary", testid: "join-retry" }, t("common.retry"));
    retry.addEventListener("click", () => {
      clearMessages();
      void session.start();
    });
    replaceChildren(
      body,
      h(
        "section",
        { class: "card center", testid: "join-failed" },
        h("h1", null, t("live.failed")),
        h("p", { class: "actions center-actions" }, retry, options.retryHref ? link(options.retryHref, t("code.title"), { class: "button" }) : null),
      ),
    );
  }

  session.on((e) => {
    if (e.type === "screen") renderScreen();
    else if (e.type === "link") renderStatus();
    else view?.update?.(e);
  });
  renderScreen();
  void session.start();

  return {
    destroy() {
      view?.destroy?.();
      // A kiosk swaps one live page for the next: the frame stays as it is (the router resets it on navigation).
      if (!options.kiosk) {
        setDisplayScreen(false);
        setLiveScreen(false);
      }
      media.destroy();
      void session.dispose();
    },
    relocalize() {
      renderScreen();
    },
  };
}
