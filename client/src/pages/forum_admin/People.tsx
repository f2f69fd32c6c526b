// Everyone with a role in the forum, and changing or taking away their role.

import { useState } from "preact/hooks";

import { request } from "../../api/client";
import type { components } from "../../api/openapi";
import { ROLES } from "../../api/roles";
import { errorMessage } from "../common";

type Person = Readonly<components["schemas"]["ForumPersonOut"]>;

export function People({
  forumId,
  people,
  onChanged,
}: {
  readonly forumId: number;
  readonly people: readonly Person[];
  readonly onChanged: () => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const change = async (person: Person, value: string): Promise<void> => {
    setProblem(null);
    const role = ROLES.find((r) => r === value) ?? null; // "": no role
    try {
      await request("PUT", "/api/forums/{forum_id}/people/{user_id}", {
        params: { forum_id: forumId, user_id: person.id },
        body: { role },
      });
      onChanged();
    } catch (caught) {
      setProblem(errorMessage(caught));
    }
  };
  return (
    <section class="admin-section" aria-labelledby="people-title">
      <h2 id="people-title">People and roles</h2>
      <table class="overview" data-testid="forum-people">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Organisations</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.id} data-person={person.name}>
              <td>{person.name}</td>
              <td>{person.organisations.join(", ")}</td>
              <td>
                <a href={`mailto:${person.email}`}>{person.email}</a>
              </td>
              <td>
                <select
                  aria-label={`Role of ${person.name}`}
                  value={person.role}
                  onChange={(e) => {
                    void change(person, e.currentTarget.value);
                  }}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                  <option value="">no role</option>
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {problem ? (
        <p class="message error" role="alert">
          {problem}
        </p>
      ) : null}
    </section>
  );
}
