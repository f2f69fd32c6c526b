// Who delivers the statement, beside the text: the forum's rules for speakers, volunteering
// (with two optional questions for the Steering Group only) and withdrawing, and for the
// Steering Group the volunteers ranked with the reason for each, to confirm a speaker and a
// backup. Everyone who reads the statement sees who speaks.

import { useEffect, useState } from "preact/hooks";

import { ApiError } from "../api/client";
import {
  confirmSpeakers,
  getSpeakers,
  RULES_CHANGED,
  volunteer,
  withdrawVolunteering,
  type Speakers as SpeakersAnswer,
  type Volunteer,
} from "../api/speakers";
import { errorMessage } from "./common";

interface SpeakersProps {
  readonly statementId: number;
  /** Bumped whenever the speakers may have changed (read them again). */
  readonly revision: number;
}

/** A yes / no / rather-not-say answer as the form holds it. */
type Answer = "" | "yes" | "no";

function asBoolean(answer: Answer): boolean | null {
  return answer === "" ? null : answer === "yes";
}

export function Speakers({ statementId, revision }: SpeakersProps) {
  const [speakers, setSpeakers] = useState<SpeakersAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let active = true;
    getSpeakers(statementId).then(
      (answer) => {
        if (active) setSpeakers(answer);
      },
      (cause: unknown) => {
        if (active) setError(errorMessage(cause));
      },
    );
    return () => {
      active = false;
    };
  }, [statementId, revision]);

  const act = (step: () => Promise<SpeakersAnswer>): void => {
    setBusy(true);
    setError(null);
    step().then(
      (answer) => {
        setSpeakers(answer);
        setBusy(false);
      },
      (cause: unknown) => {
        setBusy(false);
        setError(errorMessage(cause));
        // Newer rules: show them, so the person reads what they accept.
        if (cause instanceof ApiError && cause.code === RULES_CHANGED)
          getSpeakers(statementId).then(setSpeakers, () => undefined);
      },
    );
  };

  if (speakers === null) {
    return (
      <section class="side-panel speakers" data-testid="speakers">
        <h2>Speaker</h2>
        {error ? <p class="error">{error}</p> : <p class="muted">Loading…</p>}
      </section>
    );
  }
  const { rules } = speakers;
  return (
    <section
      class="side-panel speakers"
      data-testid="speakers"
      aria-labelledby="speakers-title"
    >
      <h2 id="speakers-title">Speaker</h2>
      <dl class="speakers-chosen">
        <dt>Speaker</dt>
        <dd data-testid="confirmed-speaker">
          {speakers.speaker?.name ?? "Not confirmed yet"}
        </dd>
        <dt>Backup</dt>
        <dd data-testid="confirmed-backup">
          {speakers.backup?.name ?? "Not confirmed yet"}
        </dd>
      </dl>
      {rules.version > 0 ? (
        <details class="speaker-rules" data-testid="speaker-rules">
          <summary>Rules for speakers (version {rules.version})</summary>
          <p class="speaker-rules-text">{rules.text}</p>
        </details>
      ) : (
        <p class="muted">
          The facilitators have not written the rules for speakers yet.
        </p>
      )}
      {speakers.can_confirm ? (
        <Ranked
          speakers={speakers}
          busy={busy}
          onConfirm={(speakerId, backupId) =>
            act(() => confirmSpeakers(statementId, speakerId, backupId))
          }
        />
      ) : (
        <Volunteers volunteers={speakers.volunteers} />
      )}
      {speakers.can_volunteer && rules.version > 0 ? (
        speakers.volunteering ? (
          <button
            type="button"
            class="button quiet"
            disabled={busy}
            data-testid="withdraw-volunteering"
            onClick={() => act(() => withdrawVolunteering(statementId))}
          >
            Withdraw as a volunteer
          </button>
        ) : (
          <VolunteerForm
            // New rules: a new form, so acceptance is of the version shown.
            key={rules.version}
            version={rules.version}
            busy={busy}
            onVolunteer={(answers) =>
              act(() => volunteer(statementId, rules.version, answers))
            }
          />
        )
      ) : null}
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function Volunteers({
  volunteers,
}: {
  readonly volunteers: readonly Volunteer[];
}) {
  if (volunteers.length === 0)
    return <p class="muted">Nobody has volunteered yet.</p>;
  return (
    <div>
      <h3>Volunteers</h3>
      <ul class="speaker-volunteers" data-testid="speaker-volunteers">
        {volunteers.map((v) => (
          <li key={v.id}>{v.name}</li>
        ))}
      </ul>
    </div>
  );
}

function answerText(value: boolean | null): string {
  return value === null ? "not said" : value ? "yes" : "no";
}

interface RankedProps {
  readonly speakers: SpeakersAnswer;
  readonly busy: boolean;
  readonly onConfirm: (speakerId: number, backupId: number | null) => void;
}

/** The Steering Group's view: the volunteers best first, why, and the two confirmations. */
function Ranked({ speakers, busy, onConfirm }: RankedProps) {
  const { volunteers, speaker, backup } = speakers;
  if (volunteers.length === 0)
    return <p class="muted">Nobody has volunteered yet.</p>;
  return (
    <div>
      <h3>Volunteers, ranked</h3>
      <ol class="speaker-ranking" data-testid="speaker-ranking">
        {volunteers.map((v) => (
          <li key={v.id} data-testid="speaker-candidate">
            <strong>{v.name}</strong>
            {speaker?.id === v.id ? <span class="tag">speaker</span> : null}
            {backup?.id === v.id ? <span class="tag">backup</span> : null}
            <p class="speaker-why" data-testid="speaker-why">
              {v.explanation?.message ?? ""}
            </p>
            <p class="muted speaker-answers">
              National: {answerText(v.is_national)} · national process:{" "}
              {answerText(v.in_national_process)} · rules v{v.rules_version}
            </p>
            <div class="speaker-actions">
              <button
                type="button"
                class="button"
                disabled={busy || speaker?.id === v.id}
                onClick={() =>
                  onConfirm(
                    v.id,
                    backup?.id === v.id ? null : (backup?.id ?? null),
                  )
                }
              >
                Confirm as speaker
              </button>
              <button
                type="button"
                class="button quiet"
                disabled={
                  busy ||
                  backup?.id === v.id ||
                  speaker === null ||
                  speaker.id === v.id
                }
                title={speaker === null ? "Confirm a speaker first" : undefined}
                onClick={() => {
                  if (speaker !== null) onConfirm(speaker.id, v.id);
                }}
              >
                Confirm as backup
              </button>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

interface VolunteerFormProps {
  readonly version: number;
  readonly busy: boolean;
  readonly onVolunteer: (answers: {
    is_national: boolean | null;
    in_national_process: boolean | null;
  }) => void;
}

function VolunteerForm({ version, busy, onVolunteer }: VolunteerFormProps) {
  const [accepted, setAccepted] = useState(false);
  const [national, setNational] = useState<Answer>("");
  const [process, setProcess] = useState<Answer>("");
  const choice = (
    label: string,
    name: string,
    value: Answer,
    set: (next: Answer) => void,
  ) => (
    <label class="speaker-question">
      {label}
      <select
        name={name}
        value={value}
        onChange={(e) =>
          set((e.currentTarget as HTMLSelectElement).value as Answer)
        }
      >
        <option value="">Rather not say</option>
        <option value="yes">Yes</option>
        <option value="no">No</option>
      </select>
    </label>
  );
  return (
    <form
      class="volunteer-form"
      data-testid="volunteer-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (accepted)
          onVolunteer({
            is_national: asBoolean(national),
            in_national_process: asBoolean(process),
          });
      }}
    >
      <h3>Volunteer to deliver this statement</h3>
      <label class="check">
        <input
          type="checkbox"
          name="accept_rules"
          checked={accepted}
          onChange={(e) =>
            setAccepted((e.currentTarget as HTMLInputElement).checked)
          }
        />{" "}
        I accept the rules for speakers (version {version})
      </label>
      <p class="muted">
        These two answers are optional and shared with the Steering Group only.
      </p>
      {choice(
        "Are you a national of the country?",
        "is_national",
        national,
        setNational,
      )}
      {choice(
        "Do you take part in its national process?",
        "in_national_process",
        process,
        setProcess,
      )}
      <button type="submit" class="button" disabled={busy || !accepted}>
        Volunteer
      </button>
    </form>
  );
}
