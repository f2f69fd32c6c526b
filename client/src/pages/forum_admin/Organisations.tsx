// Every organisation, with its country, UN region, global south and constituency; and adding
// one.

import { useEffect, useState } from "preact/hooks";

import { request } from "../../api/client";
import type { components } from "../../api/openapi";
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

  const load = (): void => {
    request("GET", "/api/organisations").then(setList, () => setList(null));
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
  return (
    <section class="admin-section" aria-labelledby="organisations-title">
      <h2 id="organisations-title">Organisations</h2>
      <table class="overview" data-testid="organisations">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Country</th>
            <th scope="col">UN region</th>
            <th scope="col">Global south</th>
            <th scope="col">Constituency</th>
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
            </tr>
          ))}
        </tbody>
      </table>
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
