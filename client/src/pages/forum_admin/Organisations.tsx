// Every organisation, with its country, UN region, global south and constituency, and (for
// those who record it) which of its members may sign for it and who granted each that right;
// and adding one.

import { useEffect, useState } from "preact/hooks";

import { request } from "../../api/client";
import type { components } from "../../api/openapi";
import {
  grantSentence,
  organisationMembers,
  setMaySign,
  type OrganisationMember,
} from "../../api/signatures";
import { AdminForm, ErrorLine, problemOf, type Problem } from "./form";

type Schemas = components["schemas"];
type OrganisationList = Readonly<Schemas["OrganisationListOut"]>;
type Region = NonNullable<Schemas["OrganisationIn"]["region"]>;

// The UN regions the contract knows, as a record so that tsc notices a new one.
const REGIONS: Readonly<Record<Region, true>> = {
  AFR: true,
  APG: true,
  EEG: true,
  GRULAC: true,
  WEOG: true,
};

function isRegion(code: string): code is Region {
  return Object.hasOwn(REGIONS, code);
}

export function Organisations() {
  const [list, setList] = useState<OrganisationList | null>(null);
  const [name, setName] = useState("");
  const [country, setCountry] = useState("");
  const [region, setRegion] = useState("");
  const [constituency, setConstituency] = useState("ngos");
  const [other, setOther] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  // Bumped at each read of the list: who may sign is then read from it again.
  const [version, setVersion] = useState(0);

  const load = (): void => {
    request("GET", "/api/organisations").then(
      (answer) => {
        setList(answer);
        setVersion((n) => n + 1);
      },
      () => setList(null),
    );
  };
  useEffect(load, []);

  const add = async (event: Event): Promise<void> => {
    event.preventDefault();
    setProblem(null);
    try {
      await request("POST", "/api/organisations", {
        body: {
          name,
          country_code: country || null,
          region: isRegion(region) ? region : null,
          constituency,
          constituency_other: constituency === "other" ? other : null,
        },
      });
      setName("");
      setCountry("");
      setRegion("");
      setOther("");
      load();
    } catch (caught) {
      setProblem(problemOf(caught));
    }
  };

  if (list === null) return null;
  // Members come to those who record who may sign (to a signatory, only their own).
  const showMembers = list.organisations.some(
    (o) => organisationMembers(o) !== null,
  );
  return (
    <section class="admin-section" aria-labelledby="organisations-title">
      <h2 id="organisations-title">Organisations</h2>
      {/* On a phone the table scrolls on its own; the page stays the screen's width. */}
      <div class="table-scroll">
        <table class="overview" data-testid="organisations">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Country</th>
              <th scope="col">UN region</th>
              <th scope="col">Global south</th>
              <th scope="col">Constituency</th>
              {showMembers ? (
                <th scope="col">Members: may sign for it</th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {list.organisations.map((o) => (
              <tr key={o.id}>
                <td>{o.name}</td>
                <td>{o.country ?? "global"}</td>
                <td>{o.region ? (list.regions[o.region] ?? o.region) : "—"}</td>
                <td>{o.global_south ? "yes" : "no"}</td>
                <td>{o.constituency_label}</td>
                {showMembers ? (
                  <td>
                    <Signers
                      key={version}
                      organisationId={o.id}
                      organisation={o.name}
                      members={organisationMembers(o) ?? []}
                    />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AdminForm onSubmit={add}>
        <label class="field">
          <span>Organisation</span>
          <input
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            aria-invalid={problem?.field === "name"}
          />
        </label>
        <label class="field">
          <span>Country code (empty: global)</span>
          <input
            value={country}
            maxLength={2}
            onInput={(e) => setCountry(e.currentTarget.value)}
            aria-invalid={problem?.field === "country_code"}
          />
        </label>
        <label class="field">
          <span>Primary UN region</span>
          <select
            value={region}
            onChange={(e) => setRegion(e.currentTarget.value)}
          >
            <option value="">From the country</option>
            {Object.entries(list.regions).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Constituency</span>
          <select
            aria-label="Constituency"
            value={constituency}
            onChange={(e) => setConstituency(e.currentTarget.value)}
          >
            {Object.entries(list.constituencies).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {constituency === "other" ? (
          <label class="field">
            <span>Which constituency?</span>
            <input
              value={other}
              onInput={(e) => setOther(e.currentTarget.value)}
              aria-invalid={problem?.field === "constituency_other"}
            />
          </label>
        ) : null}
        <div>
          <button type="submit" class="button">
            Add the organisation
          </button>
        </div>
      </AdminForm>
      <ErrorLine problem={problem} />
    </section>
  );
}

/** An organisation's members, each with a box for "may sign for it", saved as it is ticked,
 * and beside a ticked box who granted the right and when. */
function Signers({
  organisationId,
  organisation,
  members,
}: {
  readonly organisationId: number;
  readonly organisation: string;
  readonly members: readonly OrganisationMember[];
}) {
  // The members as last saved; the list's copy until the first change here.
  const [saved, setSaved] = useState<readonly OrganisationMember[] | null>(
    null,
  );
  // The box being saved, shown as ticked (or not) until the server answers.
  const [saving, setSaving] = useState<{
    readonly userId: number;
    readonly maySign: boolean;
  } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const shown = saved ?? members;

  const change = async (userId: number, maySign: boolean): Promise<void> => {
    setSaving({ userId, maySign });
    setProblem(null);
    try {
      setSaved(await setMaySign(organisationId, userId, maySign));
    } catch (caught) {
      setProblem(problemOf(caught));
    } finally {
      setSaving(null);
    }
  };

  if (shown.length === 0) return <span class="muted">No members yet</span>;
  return (
    <div
      class="signers"
      data-testid="signers"
      data-organisation-id={organisationId}
    >
      <ul>
        {shown.map((m) => {
          const grant = saving?.userId === m.id ? null : grantSentence(m);
          return (
            <li key={m.id}>
              <label class="checkbox">
                <input
                  type="checkbox"
                  checked={
                    saving?.userId === m.id ? saving.maySign : m.may_sign
                  }
                  disabled={saving !== null}
                  aria-label={`${m.name} may sign for ${organisation}`}
                  onChange={(e) => {
                    void change(m.id, e.currentTarget.checked);
                  }}
                />{" "}
                {m.name}
              </label>
              {saving?.userId === m.id ? (
                <span class="muted"> Saving…</span>
              ) : null}
              {grant ? (
                <span class="muted signer-grant" data-testid="signer-grant">
                  {grant}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      <ErrorLine problem={problem} />
    </div>
  );
}
