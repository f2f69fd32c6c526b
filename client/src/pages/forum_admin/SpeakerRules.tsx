// The forum's rules for speakers: what every volunteer reads and accepts. Saving a changed
// text makes a new version; volunteers accept the version they read.

import { useEffect, useState } from "preact/hooks";

import {
  getSpeakerRules,
  writeSpeakerRules,
  type SpeakerRules as Rules,
} from "../../api/speakers";
import { AdminForm, ErrorLine, problemOf, type Problem } from "./form";

export function SpeakerRules({ forumId }: { readonly forumId: number }) {
  const [rules, setRules] = useState<Rules | null>(null);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    getSpeakerRules(forumId).then(
      (answer) => {
        setRules(answer);
        setText(answer.text);
      },
      (caught: unknown) => setProblem(problemOf(caught)),
    );
  }, [forumId]);

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setProblem(null);
    setSaved(false);
    try {
      const answer = await writeSpeakerRules(forumId, text);
      setRules(answer);
      setText(answer.text);
      setSaved(true);
    } catch (caught) {
      setProblem(problemOf(caught));
    }
  };

  return (
    <section class="admin-section" aria-labelledby="speaker-rules-title">
      <h2 id="speaker-rules-title">Rules for speakers</h2>
      <p class="muted" data-testid="speaker-rules-version">
        {rules === null || rules.version === 0
          ? "Not written yet: nobody can volunteer to speak until they are."
          : `Version ${rules.version}. Saving a change makes version ${rules.version + 1}; volunteers accept the version they read.`}
      </p>
      <AdminForm onSubmit={save}>
        <label class="field speaker-rules-field">
          <span>Rules every speaker accepts</span>
          <textarea
            rows={6}
            value={text}
            data-testid="speaker-rules-text"
            onInput={(e) => {
              setText(e.currentTarget.value);
              setSaved(false);
            }}
            aria-invalid={problem?.field === "text"}
          />
        </label>
        <div>
          <button type="submit" class="button">
            Save the rules
          </button>
          {saved ? <span class="muted"> Saved.</span> : null}
        </div>
      </AdminForm>
      <ErrorLine problem={problem} />
    </section>
  );
}
