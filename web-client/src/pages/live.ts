// A live lesson page: one LiveSession, and whichever screen it is on.
import { h, replaceChildren } from "../dom";
import { describeError, errorCode } from "../errors";
import { LiveSession, type SessionOptions } from "../hub";
import { t } from "../i18n";
import { MediaController } from "../media/controller";
import { link, type PageHandle } from "../router";
import { clearMessages, setDisplayScreen, showError } from "../shell";
import { cabinetView } from "./cabinet";
import { lobbyView } from "./lobby";
import { removedView } from "./removed";
import { waitingView } from "./waiting";

export interface LiveOptions extends SessionOptions {
  /** Where "try again with another code" leads, if anywhere. */
  retryHref?: string;
  /** Called when the server refuses the display name (observers); the page asks again. */
  onNameRejected?: (message: string) => void;
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
    setDisplayScreen(session.isDisplay && session.screen === "cabinet");
    switch (session.screen) {
      case "connecting":
        replaceChildren(body, h("section", { class: "card center", testid: "connecting" }, h("p", { class: "lead" }, t("live.connecting"))));
        break;
      case "waiting": {
        const w = waitingView(session.waiting!);
        view = w;
        replaceChildren(body, w.el);
        break;
      }
      case "lobby":
        clearMessages();
        replaceChildren(body, lobbyView(session).el);
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
  }

  function renderEnded(): void {
    if (session.error && errorCode(session.error) === "entry.lesson_ended") showError(describeError(session.error));
    const staff = session.isStaff;
    replaceChildren(
      body,
      h(
        "section",
        { class: "card center", testid: "lesson-ended" },
        h("h1", null, t("live.ended")),
        h("p", null, t("live.endedThanks")),
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
      setDisplayScreen(false);
      media.destroy();
      void session.dispose();
    },
    relocalize() {
      renderScreen();
    },
  };
}
