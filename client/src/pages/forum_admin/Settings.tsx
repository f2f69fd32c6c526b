// The forum's settings: its name, languages, time zone, limits, deadlines and the co-signing
// group's minimums.

import { useState } from "preact/hooks";

import { request } from "../../api/client";
import type { components } from "../../api/openapi";
import { fromInput, problemOf, toLocalInput, type Problem } from "./form";

type Forum = Readonly<components["schemas"]["ForumOut"]>;

export function Settings({
  forum,
  onSaved,
}: {
  readonly forum: Forum;
  readonly onSaved: () => void;
}) {
  const [form, setForm] = useState(() => ({
    name: forum.name,
    languages: forum.languages.join(", "),
    time_zone: forum.time_zone,
    word_limit: String(forum.limits.words),
    seconds_limit: String(forum.limits.seconds),
    speaking_rate: String(forum.limits.speaking_rate),
    survey_closes_at: toLocalInput(forum.survey_closes_at),
    drafting_closes_at: toLocalInput(forum.drafting_closes_at),
    outstanding_settled_by: toLocalInput(forum.outstanding_settled_by),
    coalition_min_organisations: String(forum.coalition.min_organisations),
    coalition_min_regions: String(forum.coalition.min_regions),
    coalition_min_global_south: String(forum.coalition.min_global_south),
    coalition_min_constituencies: String(forum.coalition.min_constituencies),
  }));
  // Whether each co-signing rule blocks finalising (required) or is only shown (advisory).
  const [required, setRequired] = useState(() => ({
    coalition_organisations_required: forum.coalition.organisations_required,
    coalition_regions_required: forum.coalition.regions_required,
    coalition_global_south_required: forum.coalition.global_south_required,
    coalition_constituencies_required: forum.coalition.constituencies_required,
  }));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const set =
    (field: keyof typeof form) =>
    (event: { currentTarget: HTMLInputElement }): void => {
      setSaved(false);
      setForm({ ...form, [field]: event.currentTarget.value });
    };

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setProblem(null);
    const number = (value: string): number => Number(value);
    try {
      await request("PATCH", "/api/forums/{forum_id}", {
        params: { forum_id: forum.id },
        body: {
          name: form.name,
          languages: form.languages
            .split(",")
            .map((code) => code.trim())
            .filter((code) => code !== ""),
          time_zone: form.time_zone,
          word_limit: number(form.word_limit),
          seconds_limit: number(form.seconds_limit),
          speaking_rate: number(form.speaking_rate),
          survey_closes_at: fromInput(form.survey_closes_at),
          drafting_closes_at: fromInput(form.drafting_closes_at),
          outstanding_settled_by: fromInput(form.outstanding_settled_by),
          coalition_min_organisations: number(form.coalition_min_organisations),
          coalition_min_regions: number(form.coalition_min_regions),
          coalition_min_global_south: number(form.coalition_min_global_south),
          coalition_min_constituencies: number(
            form.coalition_min_constituencies,
          ),
          ...required,
        },
      });
      setSaved(true);
      onSaved();
    } catch (caught) {
      setProblem(problemOf(caught));
    }
  };

  const field = (
    name: keyof typeof form,
    label: string,
    type: "text" | "number" | "datetime-local" = "text",
  ) => {
    const common = {
      value: form[name],
      onInput: set(name),
      "aria-invalid": problem?.field === name,
    };
    return (
      <label class="field">
        <span>{label}</span>
        {type === "number" ? (
          <input type="number" {...common} />
        ) : type === "datetime-local" ? (
          <input type="datetime-local" {...common} />
        ) : (
          <input type="text" {...common} />
        )}
      </label>
    );
  };

  const rule = (
    name: keyof typeof form,
    label: string,
    flag: keyof typeof required,
    what: string,
  ) => (
    <div class="coalition-rule">
      {field(name, label, "number")}
      <label class="checkbox">
        <input
          type="checkbox"
          aria-label={`The ${what} rule is required (blocks finalising)`}
          checked={required[flag]}
          onChange={(event) => {
            setSaved(false);
            setRequired({ ...required, [flag]: event.currentTarget.checked });
          }}
        />{" "}
        Required (blocks finalising)
      </label>
    </div>
  );

  return (
    <section class="admin-section" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <form
        onSubmit={(event) => {
          void save(event);
        }}
        noValidate
      >
        <div class="admin-grid">
          {field("name", "Name")}
          {field("languages", "Languages (codes)")}
          {field("time_zone", "Time zone")}
          {field("word_limit", "Word limit", "number")}
          {field("seconds_limit", "Time limit (seconds)", "number")}
          {field("speaking_rate", "Speaking rate (words a minute)", "number")}
          {field("survey_closes_at", "Survey closes (UTC)", "datetime-local")}
          {field(
            "drafting_closes_at",
            "Drafting closes (UTC)",
            "datetime-local",
          )}
          {field(
            "outstanding_settled_by",
            "Outstanding settled by (UTC)",
            "datetime-local",
          )}
        </div>
        <h3 class="admin-subtitle">
          Co-signing group: what a statement needs to be finalised
        </h3>
        <div class="admin-grid">
          {rule(
            "coalition_min_organisations",
            "At least … organisations",
            "coalition_organisations_required",
            "organisations",
          )}
          {rule(
            "coalition_min_regions",
            "… from different UN regions",
            "coalition_regions_required",
            "regions",
          )}
          {rule(
            "coalition_min_global_south",
            "… from the global south",
            "coalition_global_south_required",
            "global south",
          )}
          {rule(
            "coalition_min_constituencies",
            "… constituency types",
            "coalition_constituencies_required",
            "constituency types",
          )}
        </div>
        {problem ? (
          <p class="message error" role="alert" data-testid="settings-error">
            {problem.message}
          </p>
        ) : null}
        <button type="submit" class="button primary inline">
          Save settings
        </button>
        {saved ? (
          <span class="muted" role="status" data-testid="settings-saved">
            {" "}
            Saved.
          </span>
        ) : null}
      </form>
    </section>
  );
}
