// "New for you" on the dashboard: mentions of the person and disputes on their statements,
// newest first, each leading to its statement and thread. Opening or dismissing one marks it
// seen; the dashboard reloads the list when the server says there are new ones.

import { useEffect, useState } from "preact/hooks";

import {
  listNotices,
  markNoticesSeen,
  noticeHref,
  noticeSentence,
  type Notice,
} from "../api/notices";
import { errorMessage } from "./common";

const OFFLINE = "You are offline. Reconnect and try again.";

function when(at: string): string {
  return new Date(at).toLocaleString(undefined, {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** `revision` is bumped whenever notices may have changed (the `notices` event, a
 * reconnection): the list reloads. */
export function NewForYou({ revision }: { readonly revision: number }) {
  const [notices, setNotices] = useState<readonly Notice[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    listNotices().then(
      (found) => {
        if (!active) return;
        setNotices(found);
        setError(null);
      },
      (caught: unknown) => {
        if (active) setError(errorMessage(caught, OFFLINE));
      },
    );
    return () => {
      active = false;
    };
  }, [revision]);

  const unseen = (notices ?? []).filter((n) => !n.seen);

  const dismiss = async (ids: readonly number[]): Promise<void> => {
    setError(null);
    try {
      await markNoticesSeen(ids);
      setNotices((current) =>
        (current ?? []).map((n) =>
          ids.includes(n.id) ? { ...n, seen: true } : n,
        ),
      );
    } catch (caught) {
      setError(errorMessage(caught, OFFLINE));
    }
  };

  // Opening a notice marks it seen first, so it is gone when the person comes back; offline,
  // the statement opens all the same.
  const open = async (notice: Notice): Promise<void> => {
    try {
      await markNoticesSeen([notice.id]);
    } catch {
      // not marked: it stays new until opened again or dismissed
    }
    location.assign(noticeHref(notice));
  };

  if (unseen.length === 0 && error === null) return null;
  return (
    <section
      class="new-for-you"
      aria-labelledby="new-for-you"
      data-testid="new-for-you"
    >
      <div class="new-for-you-head">
        <h2 id="new-for-you">New for you</h2>
        {unseen.length > 1 ? (
          <button
            type="button"
            class="link-button"
            onClick={() => {
              void dismiss(unseen.map((n) => n.id));
            }}
          >
            Mark all as seen
          </button>
        ) : null}
      </div>
      {error ? (
        <p class="message error" role="alert">
          {error}
        </p>
      ) : null}
      <ul class="notices">
        {unseen.map((notice) => (
          <li
            key={notice.id}
            class="notice"
            data-testid="notice"
            data-kind={notice.kind}
          >
            <a
              href={noticeHref(notice)}
              class="notice-link"
              onClick={(e) => {
                if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0)
                  return;
                e.preventDefault();
                void open(notice);
              }}
            >
              <span class="notice-sentence">{noticeSentence(notice)}</span>
              {notice.text ? (
                <span class="notice-text">{`“${notice.text}”`}</span>
              ) : null}
            </a>
            <time class="muted notice-at" dateTime={notice.at}>
              {when(notice.at)}
            </time>
            <button
              type="button"
              class="link-button"
              aria-label={`Dismiss: ${noticeSentence(notice)}`}
              onClick={() => {
                void dismiss([notice.id]);
              }}
            >
              Dismiss
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
