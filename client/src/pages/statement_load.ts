// Opening one statement for a page: the statement page and the speaker view load it, and say
// why they cannot, the same way.

import { useEffect, useState } from "preact/hooks";

import { ApiError } from "../api/client";
import { getStatement, type Statement } from "../api/statements";
import { goToSignIn } from "../nav";
import { errorMessage, type Loadable } from "./common";

/** Why a statement could not be opened, in words for the person. */
export function statementLoadError(error: unknown): string {
  if (error instanceof ApiError && error.status === 404) {
    return "This statement does not exist (it may have been removed).";
  }
  if (error instanceof ApiError && error.status === 403) {
    return "You are not allowed to open this statement.";
  }
  return errorMessage(
    error,
    "You are offline and this statement has not been opened on this device before. Reconnect and try again.",
  );
}

/** Statement `id`, loaded once the person is signed in; a lapsed session goes to sign in. */
export function useStatement(
  id: number,
  signedIn: boolean,
): Loadable<Statement> {
  const [statement, setStatement] = useState<Loadable<Statement>>({
    kind: "loading",
  });
  useEffect(() => {
    if (!signedIn) return;
    let active = true;
    getStatement(id).then(
      (value) => {
        if (active) setStatement({ kind: "ready", value });
      },
      (error: unknown) => {
        if (!active) return;
        if (error instanceof ApiError && error.status === 401) {
          goToSignIn();
          return;
        }
        setStatement({ kind: "error", message: statementLoadError(error) });
      },
    );
    return () => {
      active = false;
    };
  }, [id, signedIn]);
  return statement;
}
