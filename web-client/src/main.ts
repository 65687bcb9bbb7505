import "./style.css";
import "./styles/live.css";
import "./styles/chat.css";
import "./styles/screens.css";
import "./styles/stage.css";
import "./styles/console.css";
import "./styles/display.css";
import "./styles/visually-hidden.css";
import { currentUser, logout, renderLogin } from "./auth";
import { notFound, route, startRouter, type Page } from "./router";
import { mountShell } from "./shell";
import { dashboardPage } from "./pages/dashboard";
import { codeFormPage, coteacherPage, displayPage, observerPage, studentPage, teacherCabinetPage } from "./pages/entry";
import { notFoundPage } from "./pages/notfound";
import { printPage } from "./pages/print";
import { reportPage } from "./pages/report";
import { rosterPage } from "./pages/roster";
import { classLinkPage } from "./pages/class-link";
import { termPage } from "./pages/term";
import { trackViewport } from "./viewport";

const seg = "([^/]+)";

// "/" is the sign-in form until a teacher is signed in, then the dashboard.
const home: Page = async (root, params) => {
  const me = await currentUser();
  if (!me) {
    renderLogin(root, false);
    return;
  }
  return dashboardPage(root, params);
};

route(/^\/$/, home);
route(new RegExp(`^/classes/${seg}$`), rosterPage);
route(new RegExp(`^/classes/${seg}/print$`), printPage);
route(new RegExp(`^/classes/${seg}/attendance$`), termPage);
route(new RegExp(`^/k/${seg}$`), classLinkPage);
route(new RegExp(`^/lessons/${seg}/report$`), reportPage);
route(/^\/j$/, codeFormPage);
route(new RegExp(`^/j/${seg}$`), studentPage);
route(new RegExp(`^/o/${seg}$`), observerPage);
route(new RegExp(`^/d/${seg}$`), displayPage);
route(new RegExp(`^/c/${seg}$`), coteacherPage);
route(new RegExp(`^/cabinet/${seg}$`), teacherCabinetPage);
notFound(notFoundPage);

trackViewport();
const app = document.getElementById("app")!;
const main = mountShell(app, () => void logout());
startRouter(main);
