// Entry point: reads the address and mounts the matching screen.

import "./styles.css";

import { h, render, type ComponentChild } from "preact";

import { activate, pickLanguage, storedLanguage } from "./i18n";
import { route } from "./nav";
import { NotFound } from "./pages/NotFound";
import { SignIn } from "./pages/SignIn";
import { Statements } from "./pages/Statements";
import { registerServiceWorker } from "./sw/register";

async function screen(): Promise<ComponentChild> {
  const where = route(location.pathname, location.search);
  switch (where.screen) {
    case "sign-in":
      return h(SignIn, { next: where.next });
    case "statements":
      return h(Statements, {});
    case "statement": {
      // The editor (CodeMirror, Yjs, the word count) loads only where it is used.
      const { StatementPage } = await import("./pages/Statement");
      return h(StatementPage, { id: where.id });
    }
    case "speak": {
      const { SpeakPage } = await import("./pages/Speak");
      return h(SpeakPage, { id: where.id });
    }
    case "overview": {
      const { Overview } = await import("./pages/Overview");
      return h(Overview, { forumId: where.forumId });
    }
    case "review-queue": {
      const { ReviewQueue } = await import("./pages/ReviewQueue");
      return h(ReviewQueue, { forumId: where.forumId });
    }
    case "admin": {
      const { ForumAdmin } = await import("./pages/ForumAdmin");
      return h(ForumAdmin, { forumId: where.forumId });
    }
    case "join": {
      const { Join } = await import("./pages/Join");
      return h(Join, { token: where.token });
    }
    case "not-found":
      return h(NotFound, {});
  }
}

function failed(): ComponentChild {
  return h(
    "main",
    { class: "page" },
    h(
      "p",
      { class: "message error", role: "alert" },
      "Chorus could not start. Please reload.",
    ),
  );
}

const root = document.getElementById("app");
if (root) {
  // The interface's language first: every screen speaks it from its first paint.
  activate(pickLanguage(storedLanguage(), navigator.languages))
    .then(screen)
    .then(
      (vnode) => render(vnode, root),
      () => render(failed(), root),
    );
}

registerServiceWorker();
