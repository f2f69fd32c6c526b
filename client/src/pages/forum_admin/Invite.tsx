// Invitation links: a role, and the drafting group to join if any; the link works once.

import { useState } from "preact/hooks";

import { request } from "../../api/client";
import type { components } from "../../api/openapi";
import { ROLES, type ForumRole } from "../../api/roles";
import { AdminForm, ErrorLine, problemOf, type Problem } from "./form";

type Overview = Readonly<components["schemas"]["OverviewOut"]>;

export function Invite({
  forumId,
  overview,
}: {
  readonly forumId: number;
  readonly overview: Overview;
}) {
  const [role, setRole] = useState<ForumRole>("contributor");
  const [statementId, setStatementId] = useState("");
  const [note, setNote] = useState("");
  const [link, setLink] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const create = async (event: Event): Promise<void> => {
    event.preventDefault();
    setProblem(null);
    setLink(null);
    try {
      const made = await request("POST", "/api/forums/{forum_id}/invitations", {
        params: { forum_id: forumId },
        body: {
          role,
          statement_id: statementId ? Number(statementId) : null,
          note: note || null,
        },
      });
      setLink(`${location.origin}${made.link ?? ""}`);
    } catch (caught) {
      setProblem(problemOf(caught));
    }
  };

  return (
    <section class="admin-section" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <AdminForm onSubmit={create}>
        <label class="field">
          <span>Role</span>
          <select
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as ForumRole)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Drafting group</span>
          <select
            value={statementId}
            onChange={(e) => setStatementId(e.currentTarget.value)}
          >
            <option value="">None</option>
            {overview.statements.map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.country}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>For (a note for you)</span>
          <input value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <div>
          <button type="submit" class="button">
            Create the link
          </button>
        </div>
      </AdminForm>
      {link ? (
        <p class="message info" data-testid="invitation-link">
          Send this link; it works once, for 7 days: <code>{link}</code>
        </p>
      ) : null}
      <ErrorLine problem={problem} />
    </section>
  );
}
