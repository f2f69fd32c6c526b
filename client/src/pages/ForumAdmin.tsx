// Running a forum (facilitators): its settings, its sessions, its people and their roles,
// and invitation links. Each section is a module of its own in forum_admin/.

import { useEffect, useState } from "preact/hooks";

import { request } from "../api/client";
import type { components } from "../api/openapi";
import { errorMessage, Frame, Loading, useSignedInUser } from "./common";
import { History } from "./forum_admin/History";
import { Invite } from "./forum_admin/Invite";
import { Organisations } from "./forum_admin/Organisations";
import { People } from "./forum_admin/People";
import { Sessions } from "./forum_admin/Sessions";
import { Settings } from "./forum_admin/Settings";
import { SpeakerRules } from "./forum_admin/SpeakerRules";
import { SignedInActions } from "./SignedInActions";

type Schemas = components["schemas"];
type Overview = Readonly<Schemas["OverviewOut"]>;
type Person = Readonly<Schemas["ForumPersonOut"]>;
type ForumLog = Readonly<Schemas["AuditLogOut"]>;

export function ForumAdmin({ forumId }: { readonly forumId: number }) {
  const user = useSignedInUser();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [people, setPeople] = useState<readonly Person[] | null>(null);
  const [history, setHistory] = useState<ForumLog | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = (): void => {
    const params = { forum_id: forumId };
    request("GET", "/api/forums/{forum_id}/overview", { params }).then(
      setOverview,
      (caught: unknown) => setError(errorMessage(caught)),
    );
    request("GET", "/api/forums/{forum_id}/people", { params }).then(
      (answer) => setPeople(answer.people),
      (caught: unknown) => setError(errorMessage(caught)),
    );
    request("GET", "/api/forums/{forum_id}/audit-log", { params }).then(
      setHistory,
      (caught: unknown) => setError(errorMessage(caught)),
    );
  };
  useEffect(() => {
    if (user.kind === "ready") reload();
  }, [forumId, user.kind]);

  return (
    <Frame actions={<SignedInActions user={user} />} wide>
      <p class="back">
        <a href="/">← My statements</a>
      </p>
      <h1>{overview ? `Run ${overview.forum.name}` : "Run the forum"}</h1>
      {error ? (
        <p class="message error" role="alert">
          {error}
        </p>
      ) : null}
      {overview === null && error === null ? (
        <Loading label="Loading the forum…" />
      ) : null}
      {overview ? (
        <div class="admin">
          <Settings forum={overview.forum} onSaved={reload} />
          <Sessions forumId={forumId} overview={overview} onAdded={reload} />
          <SpeakerRules forumId={forumId} />
          <Invite forumId={forumId} overview={overview} />
          {people ? (
            <People forumId={forumId} people={people} onChanged={reload} />
          ) : null}
          <Organisations />
          {history ? <History log={history} /> : null}
        </div>
      ) : null}
    </Frame>
  );
}
