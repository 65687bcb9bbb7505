// /classes/{id}/print: codes and links for families, on paper.
import { requireLogin } from "../auth";
import { h, replaceChildren } from "../dom";
import { t } from "../i18n";
import { link } from "../router";
import { api } from "../api";
import { classLinkBox, classLinkUrl } from "./class-link";
import { joinUrl } from "./roster";

export const printPage = requireLogin(async (root, [classId]) => {
  replaceChildren(root, h("p", { class: "muted" }, t("common.loading")));
  const cls = await api.classDetail(classId);
  const printButton = h("button", { type: "button", class: "primary", testid: "print-button" }, t("common.print"));
  printButton.addEventListener("click", () => window.print());
  replaceChildren(
    root,
    h(
      "div",
      { class: "no-print actions" },
      link(`/classes/${encodeURIComponent(classId)}`, "← " + cls.name),
      printButton,
    ),
    cls.linkToken ? h("div", { class: "no-print card" }, h("h2", null, t("classLink.title")), classLinkBox(classId, cls.linkToken, false)) : null,
    h(
      "article",
      { class: "print-sheet", testid: "print-sheet" },
      h("h1", null, t("print.title", { name: cls.name })),
      h("p", null, t("print.intro")),
      h(
        "ol",
        { class: "instructions" },
        h("li", null, t("print.step1")),
        h("li", null, t("print.step2", { url: `${location.origin}/j` })),
        h("li", null, t("print.step3")),
        h("li", null, t("print.step4")),
      ),
      cls.linkToken ? h("p", { testid: "print-class-link" }, t("classLink.print", { url: classLinkUrl(cls.linkToken) })) : null,
      h(
        "table",
        { class: "print-table" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", null, t("roster.colN")),
            h("th", null, t("roster.colName")),
            h("th", null, t("roster.colCode")),
            h("th", null, t("roster.colLink")),
          ),
        ),
        h(
          "tbody",
          null,
          cls.students.map((s, i) =>
            h(
              "tr",
              { testid: "print-row" },
              h("td", null, String(i + 1)),
              h("td", null, s.name),
              h("td", { class: "code" }, s.codeDisplay || s.code),
              h("td", { class: "url" }, joinUrl(s.code)),
            ),
          ),
        ),
      ),
    ),
  );
});
