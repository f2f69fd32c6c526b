// The statement's co-signing group beside the text: who signed for which organisation and
// whether each signature is still on the text as it is now, the forum's coalition rules as a
// live checklist, signing, re-confirming or withdrawing for the person reading, and who else
// may sign for their organisations and who gave them that right.

import { useEffect, useState } from "preact/hooks";
import type * as Y from "yjs";

import { ApiError } from "../api/client";
import { currentUser } from "../api/session";
import {
  fellowSigners,
  getSignatures,
  grantSentence,
  listOrganisations,
  regionLabel,
  sign,
  TEXT_CHANGED,
  withdraw,
  type CoalitionRule,
  type FellowSigners,
  type MySignature,
  type Named,
  type Signature,
  type SignatureCount,
  type Signatures as SignaturesAnswer,
} from "../api/signatures";
import type { Statement } from "../api/statements";
import {
  aroundChanges,
  hasChanges,
  wordDiff,
  type DiffPart,
} from "../signing/diff";
import { normalisedText, textDigest } from "../signing/digest";
import { errorMessage } from "./common";

interface SignaturesProps {
  readonly statement: Statement;
  /** The text the editor shows, once it holds the statement (null before). */
  readonly text: Y.Text | null;
  /** The text as the editor counts it is over one of the limits. */
  readonly overLimit: boolean;
  /** Bumped whenever the signatures may have changed (read them again). */
  readonly revision: number;
  /** Brings the text into view, to read it again. */
  readonly onShowText: () => void;
}

/** The editor's text now, normalised as a signature binds it, and its digest. */
interface LiveText {
  readonly normalised: string;
  readonly digest: string;
}

// Often enough that a stale notice follows typing; rare enough to cost nothing per key.
const LIVE_TEXT_MS = 150;
// Unchanged words kept on each side of a change in the difference.
const DIFF_CONTEXT_WORDS = 8;

/** Follows the editor's text: its normalised words and digest, at most every LIVE_TEXT_MS. */
function useLiveText(text: Y.Text | null): LiveText | null {
  const [live, setLive] = useState<LiveText | null>(null);
  useEffect(() => {
    setLive(null);
    if (text === null) return;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let latest = 0;
    const compute = (): void => {
      timer = null;
      const markdown = text.toString();
      const run = ++latest;
      textDigest(markdown).then(
        (digest) => {
          // An older computation finishing late never overwrites a newer one.
          if (active && run === latest)
            setLive({ normalised: normalisedText(markdown), digest });
        },
        () => undefined, // no Web Crypto: the server's word on validity stands
      );
    };
    const changed = (): void => {
      timer ??= setTimeout(compute, LIVE_TEXT_MS);
    };
    text.observe(changed);
    compute();
    return () => {
      active = false;
      if (timer !== null) clearTimeout(timer);
      text.unobserve(changed);
    };
  }, [text]);
  return live;
}

/** A signature's validity as this page sees it: the server's answer, unless the text the
 * editor shows has changed since that answer (then every signature valid in it is stale). */
function validHere(
  valid: boolean,
  answer: SignaturesAnswer,
  live: LiveText | null,
): boolean {
  return valid && (live === null || live.digest === answer.digest);
}

/** The person's own signature as this page sees it: also valid again when the text went
 * back to the words they signed. */
function mineValidHere(
  mine: MySignature,
  answer: SignaturesAnswer,
  live: LiveText | null,
): boolean {
  if (live === null || live.digest === answer.digest) return mine.valid;
  return normalisedText(mine.signed_text) === live.normalised;
}

const WHEN = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

function formatSigned(iso: string): string {
  return WHEN.format(new Date(iso));
}

function organisationCount(n: number): string {
  return `${n} organisation${n === 1 ? "" : "s"}`;
}

/** Who else may sign for the viewer's organisations, read again with each `revision`: a right
 * granted or withdrawn reaches the statements of its holder's drafting groups as a change of
 * their signatures. Empty until read, and when it cannot be (the panel goes on without it). */
function useFellowSigners(revision: number): readonly FellowSigners[] {
  const [me, setMe] = useState<number | null>(null);
  const [fellows, setFellows] = useState<readonly FellowSigners[]>([]);
  useEffect(() => {
    let active = true;
    currentUser().then(
      (user) => {
        if (active) setMe(user.id);
      },
      () => undefined, // the page itself says when nobody is signed in
    );
    return () => {
      active = false;
    };
  }, []);
  useEffect(() => {
    if (me === null) return;
    let active = true;
    listOrganisations().then(
      (organisations) => {
        if (active) setFellows(fellowSigners(organisations, me));
      },
      () => undefined, // offline: keep what is shown
    );
    return () => {
      active = false;
    };
  }, [me, revision]);
  return fellows;
}

type Busy = {
  readonly organisationId: number;
  readonly step: "sign" | "withdraw";
};

export function Signatures({
  statement,
  text,
  overLimit,
  revision,
  onShowText,
}: SignaturesProps) {
  const [answer, setAnswer] = useState<SignaturesAnswer | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const [busy, setBusy] = useState<Busy | null>(null);
  const [problem, setProblem] = useState<{
    readonly message: string;
    readonly textChanged: boolean;
  } | null>(null);
  const live = useLiveText(text);
  const fellows = useFellowSigners(revision);

  useEffect(() => {
    let active = true;
    getSignatures(statement.id).then(
      (value) => {
        if (!active) return;
        setAnswer(value);
        setLoadError(null);
      },
      (error: unknown) => {
        // A failed reload keeps what is shown; only a first load says so.
        if (active) setLoadError(errorMessage(error, "You are offline."));
      },
    );
    return () => {
      active = false;
    };
  }, [statement.id, statement.state, revision, reloads]);

  const act = async (
    organisationId: number,
    step: Busy["step"],
  ): Promise<void> => {
    setBusy({ organisationId, step });
    setProblem(null);
    try {
      if (step === "sign") {
        if (text === null) return;
        // The digest of the words on the screen now: the server refuses if its text differs.
        const digest = await textDigest(text.toString());
        await sign(statement.id, organisationId, digest);
      } else {
        await withdraw(statement.id, organisationId);
      }
      setReloads((n) => n + 1);
    } catch (caught) {
      setProblem({
        message: errorMessage(
          caught,
          "You are offline. Reconnect and try again.",
        ),
        textChanged: caught instanceof ApiError && caught.code === TEXT_CHANGED,
      });
      setReloads((n) => n + 1);
    } finally {
      setBusy(null);
    }
  };

  if (answer === null) {
    return (
      <section class="side-panel signatures" data-testid="signatures">
        <h2 class="signatures-title">Co-signing group</h2>
        <p class={loadError ? "message error" : "muted"}>
          {loadError ?? "Loading…"}
        </p>
      </section>
    );
  }

  const drafting = statement.state === "drafting";
  const validCount = new Set(
    answer.signatures
      .filter((s) => validHere(s.valid, answer, live))
      .map((s) => s.organisation.id),
  ).size;
  const staleCount = answer.signatures.filter(
    (s) => !validHere(s.valid, answer, live),
  ).length;
  const changedHere = live !== null && live.digest !== answer.digest;
  const names = new Map(answer.can_sign_for.map((o) => [o.id, o.name]));
  for (const s of answer.signatures)
    names.set(s.organisation.id, s.organisation.name);
  const mine = answer.mine.map((m) => ({
    ...m,
    validHere: mineValidHere(m, answer, live),
    name: names.get(m.organisation_id) ?? "your organisation",
  }));
  const signedFor = new Set(mine.map((m) => m.organisation_id));
  const canSignFor = answer.can_sign_for.filter((o) => !signedFor.has(o.id));

  return (
    <section
      class="side-panel signatures"
      data-testid="signatures"
      aria-labelledby="signatures-title"
    >
      <h2 id="signatures-title" class="signatures-title">
        Co-signing group
      </h2>
      <p class="signatures-summary" data-testid="signatures-summary">
        <span>
          {validCount > 0
            ? `${organisationCount(validCount)} signed`
            : answer.signatures.length > 0
              ? "No valid signatures"
              : "No signatures yet"}
          {staleCount > 0 ? ` · ${staleCount} stale` : ""}
        </span>
        {answer.coalition.rules.length > 0 ? (
          answer.coalition.met && !changedHere ? (
            <span class="coalition-met">✓ Coalition met</span>
          ) : (
            <span class="coalition-unmet">Coalition not met</span>
          )
        ) : null}
      </p>
      {drafting
        ? mine
            .filter((m) => !m.validHere)
            .map((m) => (
              <StaleNotice
                key={m.organisation_id}
                name={m.name}
                signedText={m.signed_text}
                textNow={live ? live.normalised : normalisedText(m.text_now)}
                busy={busy !== null}
                canReconfirm={!overLimit}
                onReconfirm={() => {
                  void act(m.organisation_id, "sign");
                }}
                onWithdraw={() => {
                  void act(m.organisation_id, "withdraw");
                }}
              />
            ))
        : null}
      <Signatories
        signatures={answer.signatures}
        isValid={(s) => validHere(s.valid, answer, live)}
        mine={drafting ? mine.filter((m) => m.validHere) : []}
        busy={busy !== null}
        onWithdraw={(organisationId) => {
          void act(organisationId, "withdraw");
        }}
      />
      {!drafting ? (
        <p class="muted" data-testid="signatures-frozen">
          Signatures are frozen with the final text.
        </p>
      ) : canSignFor.length > 0 ? (
        overLimit ? (
          <p class="muted" data-testid="signing-closed">
            Signing opens when the statement is within its limits.
          </p>
        ) : (
          <SignFor
            organisations={canSignFor}
            busy={busy}
            ready={text !== null}
            onSign={(organisationId) => {
              void act(organisationId, "sign");
            }}
          />
        )
      ) : null}
      <Fellows fellows={fellows} />
      {problem ? (
        <div
          class={`message ${problem.textChanged ? "warning" : "error"}`}
          role="alert"
          data-testid="signing-error"
        >
          <p>{problem.message}</p>
          {problem.textChanged ? (
            <button
              type="button"
              class="button quiet"
              onClick={() => {
                setProblem(null);
                onShowText();
              }}
            >
              Read it again
            </button>
          ) : null}
        </div>
      ) : null}
      <Checklist
        rules={answer.coalition.rules}
        closers={drafting ? answer.closing_the_gap : []}
      />
    </section>
  );
}

function Signatories({
  signatures,
  isValid,
  mine,
  busy,
  onWithdraw,
}: {
  readonly signatures: readonly Signature[];
  readonly isValid: (signature: Signature) => boolean;
  /** The person's own valid signatures: each row of theirs offers to withdraw. */
  readonly mine: readonly MySignature[];
  readonly busy: boolean;
  readonly onWithdraw: (organisationId: number) => void;
}) {
  if (signatures.length === 0) return null;
  // Valid ones first; each group in the order they signed.
  const sorted = [...signatures].sort(
    (a, b) =>
      Number(isValid(b)) - Number(isValid(a)) ||
      a.signed_at.localeCompare(b.signed_at),
  );
  const myOrganisations = new Set(mine.map((m) => m.organisation_id));
  return (
    <ul class="signatories" data-testid="signatories">
      {sorted.map((s) => {
        const valid = isValid(s);
        const region = regionLabel(s.organisation.region);
        return (
          <li
            key={`${s.organisation.id}/${s.signed_by.id}`}
            class={valid ? "signatory" : "signatory stale"}
            data-testid="signatory"
            data-valid={String(valid)}
          >
            <span class="signatory-organisation">{s.organisation.name}</span>
            {region ? <span class="muted"> · {region}</span> : null}
            <span class="signatory-by">
              {`${s.signed_by.name}, `}
              <time dateTime={s.signed_at}>{formatSigned(s.signed_at)}</time>
            </span>
            {valid ? null : (
              <span class="signatory-stale">
                the text changed since it was signed
              </span>
            )}
            {valid && myOrganisations.has(s.organisation.id) ? (
              <button
                type="button"
                class="link-button"
                disabled={busy}
                onClick={() => onWithdraw(s.organisation.id)}
              >
                Withdraw
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

// Past this many people in all, the list folds away behind one line.
const FELLOWS_SHOWN = 3;

/** "Also signing for Kenya Youth Climate Network: Wanjiru Kamau (right granted by Ingrid
 * Halvorsen on 7 Dec 2026)", once for each of the viewer's organisations that others sign
 * for too. */
function Fellows({ fellows }: { readonly fellows: readonly FellowSigners[] }) {
  if (fellows.length === 0) return null;
  const people = fellows.reduce((n, f) => n + f.others.length, 0);
  const lines = (
    <ul class="fellow-signers-list">
      {fellows.map((f) => (
        <li
          key={f.organisation.id}
          data-testid="fellow-signers-organisation"
          data-organisation-id={f.organisation.id}
        >
          {`Also signing for ${f.organisation.name}: `}
          {f.others.map((m, index) => {
            const grant = grantSentence(m);
            return (
              <span key={m.id} class="fellow-signer" data-user-id={m.id}>
                {index > 0 ? ", " : ""}
                {m.name}
                {grant ? ` (right ${grant})` : ""}
              </span>
            );
          })}
        </li>
      ))}
    </ul>
  );
  return (
    <div class="fellow-signers" data-testid="fellow-signers">
      {people > FELLOWS_SHOWN ? (
        <details>
          <summary>{`${people} others may sign for your organisations`}</summary>
          {lines}
        </details>
      ) : (
        lines
      )}
    </div>
  );
}

function SignFor({
  organisations,
  busy,
  ready,
  onSign,
}: {
  readonly organisations: readonly Named[];
  readonly busy: Busy | null;
  readonly ready: boolean;
  readonly onSign: (organisationId: number) => void;
}) {
  const [chosen, setChosen] = useState<number | null>(null);
  const first = organisations[0];
  if (first === undefined) return null;
  const choice =
    organisations.find((o) => o.id === chosen) ??
    (organisations.length === 1 ? first : null);
  const signing = busy?.step === "sign";
  return (
    <form
      class="sign-for"
      data-testid="sign-for"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice) onSign(choice.id);
      }}
    >
      <p class="muted">
        Signing binds the organisation to the text exactly as it is now.
      </p>
      {organisations.length > 1 ? (
        <label class="field">
          <span>Sign for</span>
          <select
            value={choice ? String(choice.id) : ""}
            disabled={busy !== null}
            onChange={(e) =>
              setChosen(
                e.currentTarget.value ? Number(e.currentTarget.value) : null,
              )
            }
          >
            <option value="">Choose an organisation…</option>
            {organisations.map((o) => (
              <option key={o.id} value={String(o.id)}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button
        type="submit"
        class="button"
        disabled={busy !== null || !ready || choice === null}
      >
        {signing ? "Signing…" : choice ? `Sign for ${choice.name}` : "Sign"}
      </button>
    </form>
  );
}

function DiffText({ parts }: { readonly parts: readonly DiffPart[] }) {
  return (
    <p class="signature-diff" data-testid="signature-diff">
      {parts.map((part, index) => (
        <span key={index}>
          {index > 0 ? " " : ""}
          {part.kind === "removed" ? (
            <del>{part.text}</del>
          ) : part.kind === "added" ? (
            <ins>{part.text}</ins>
          ) : (
            part.text
          )}
        </span>
      ))}
    </p>
  );
}

function StaleNotice({
  name,
  signedText,
  textNow,
  busy,
  canReconfirm,
  onReconfirm,
  onWithdraw,
}: {
  readonly name: string;
  readonly signedText: string;
  readonly textNow: string;
  readonly busy: boolean;
  readonly canReconfirm: boolean;
  readonly onReconfirm: () => void;
  readonly onWithdraw: () => void;
}) {
  const parts = wordDiff(normalisedText(signedText), textNow);
  return (
    <div class="message warning stale-notice" data-testid="stale-notice">
      <p>
        <strong>The text changed since you signed</strong>
        {` for ${name}. Your signature does not count until you re-confirm it.`}
      </p>
      {hasChanges(parts) ? (
        <>
          <DiffText parts={aroundChanges(parts, DIFF_CONTEXT_WORDS)} />
          <p class="muted diff-legend">
            {parts.some((p) => p.kind === "removed") ? (
              <span>
                <del>struck through</del>: no longer in the text
              </span>
            ) : null}
            {parts.some((p) => p.kind === "added") ? (
              <span>
                <ins>marked</ins>: new since you signed
              </span>
            ) : null}
          </p>
        </>
      ) : null}
      {canReconfirm ? null : (
        <p>Signing opens when the statement is within its limits.</p>
      )}
      <div class="panel-buttons">
        <button
          type="button"
          class="button"
          disabled={busy || !canReconfirm}
          onClick={onReconfirm}
        >
          Re-confirm
        </button>
        <button
          type="button"
          class="button quiet"
          disabled={busy}
          onClick={onWithdraw}
        >
          Withdraw
        </button>
      </div>
    </div>
  );
}

function Checklist({
  rules,
  closers,
}: {
  readonly rules: readonly CoalitionRule[];
  readonly closers: SignaturesAnswer["closing_the_gap"];
}) {
  if (rules.length === 0)
    return (
      <p class="muted" data-testid="coalition-none">
        This forum sets no coalition rules.
      </p>
    );
  // Who would help with any unmet rule, named once; a rule that any of them would help with
  // says so instead of repeating the names.
  const unmet = new Set(rules.filter((r) => !r.met).map((r) => r.rule));
  const helpers = new Map<number, string>();
  for (const gap of closers) {
    if (!unmet.has(gap.rule)) continue;
    for (const o of gap.organisations) helpers.set(o.id, o.name);
  }
  return (
    <div class="coalition" data-testid="coalition">
      <h3>Coalition rules</h3>
      <ul class="checklist">
        {rules.map((rule) => {
          const gap = rule.met
            ? []
            : (closers.find((c) => c.rule === rule.rule)?.organisations ?? []);
          return (
            <li
              key={rule.rule}
              class={rule.met ? "rule met" : "rule unmet"}
              data-testid="coalition-rule"
              data-rule={rule.rule}
              data-met={String(rule.met)}
            >
              <span class="rule-mark" aria-hidden="true">
                {rule.met ? "✓" : "✗"}
              </span>
              <span class="rule-body">
                <span class="sr-only">{rule.met ? "Met: " : "Not met: "}</span>
                <span class="rule-message">{rule.message}</span>{" "}
                <span
                  class={`rule-kind ${rule.required ? "required" : "advisory"}`}
                >
                  {rule.required ? "required" : "advisory"}
                </span>
                {gap.length > 0 ? (
                  <span class="rule-gap" data-testid="closing-the-gap">
                    {gap.length === helpers.size && helpers.size > 1
                      ? "Any organisation below would close the gap."
                      : `Would close the gap: ${gap.map((o) => o.name).join(", ")}`}
                  </span>
                ) : null}
              </span>
            </li>
          );
        })}
      </ul>
      {helpers.size > 1 ? (
        <p class="rule-helpers" data-testid="gap-closers">
          {`Would close a gap: ${[...helpers.values()].join(", ")}`}
        </p>
      ) : null}
    </div>
  );
}

/** A statement's valid signatures and whether its coalition is met, for the statement lists. */
export function SignatureSummary({
  count,
}: {
  readonly count: SignatureCount;
}) {
  return (
    <span class="signature-summary" data-testid="signature-summary">
      <span class="signature-count" data-testid="signature-count">
        {count.organisations === 0
          ? "no signatures yet"
          : `${organisationCount(count.organisations)} signed`}
        {count.stale > 0 ? ` (${count.stale} stale)` : ""}
      </span>
      {count.coalitionMet ? (
        <span class="coalition-met" data-testid="coalition-met">
          ✓ coalition met
        </span>
      ) : (
        <span class="coalition-unmet" data-testid="coalition-met">
          coalition not met
        </span>
      )}
    </span>
  );
}
