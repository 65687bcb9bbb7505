import { h } from "../dom";
import { t } from "../i18n";
import { link, type Page } from "../router";

export const notFoundPage: Page = (root) => {
  root.append(
    h("section", { class: "card narrow center", testid: "not-found" }, h("p", null, t("common.notFound")), link("/", t("common.toHome"))),
  );
};
