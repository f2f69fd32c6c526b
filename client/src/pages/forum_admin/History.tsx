// The forum's history, for its facilitators.

import type { components } from "../../api/openapi";

type ForumLog = Readonly<components["schemas"]["AuditLogOut"]>;

/** The forum's history, newest first: who gave which role, who placed whom on which statement,
 * every statement's steps. */
export function History({ log }: { readonly log: ForumLog }) {
  return (
    <section class="admin-section" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {log.entries.length === 0 ? (
        <p class="muted">Nothing has happened in this forum yet.</p>
      ) : (
        <ol class="audit-log forum-log" data-testid="forum-log">
          {log.entries.map((entry) => (
            <li key={entry.id}>
              {entry.statement && entry.statement_id !== null ? (
                <a
                  class="log-statement"
                  href={`/statements/${entry.statement_id}`}
                >
                  {entry.statement}
                </a>
              ) : null}
              {entry.sentence}
            </li>
          ))}
        </ol>
      )}
      {log.older_entries ? (
        <p class="muted">
          Only the latest {log.entries.length} changes are shown.
        </p>
      ) : null}
    </section>
  );
}
