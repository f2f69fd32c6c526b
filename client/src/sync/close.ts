// What to do when the statement's websocket closes, by close code.

export type CloseAction =
  /** Not signed in: go to the sign-in page. */
  | { readonly kind: "sign-in" }
  /** Stop reconnecting and show `message` in place of the editor. */
  | { readonly kind: "fatal"; readonly message: string }
  /**
   * Stop reconnecting; the text stays visible but can no longer be sent.
   * `discardable`: the local copy holds a change the server refuses, so
   * offering to drop this device's copy makes sense.
   */
  | {
      readonly kind: "stopped";
      readonly message: string;
      readonly discardable: boolean;
    }
  /** Reconnect after `delayMs` (0: y-websocket's own backoff), saying nothing. */
  | { readonly kind: "retry"; readonly delayMs: number };

export const CLOSE = {
  goingAway: 1001,
  invalidUpdate: 1007,
  tooBig: 1009,
  tryAgainLater: 1013,
  notSignedIn: 4401,
  forbidden: 4403,
  notFound: 4404,
  readOnly: 4409,
  documentTooLarge: 4413,
  tooManyMessages: 4429,
} as const;

export function closeAction(code: number): CloseAction {
  switch (code) {
    case CLOSE.notSignedIn:
      return { kind: "sign-in" };
    case CLOSE.forbidden:
      return {
        kind: "fatal",
        message: "You are not allowed to open this statement.",
      };
    case CLOSE.notFound:
      return {
        kind: "fatal",
        message: "This statement does not exist (it may have been removed).",
      };
    case CLOSE.readOnly:
      return {
        kind: "stopped",
        message:
          "This statement is read-only now, so changes are no longer saved. Reload to see the final text.",
        discardable: true,
      };
    case CLOSE.tooBig:
      return {
        kind: "stopped",
        message:
          "The server refused a change because it was too big. Copy anything you need, then discard this device's copy.",
        discardable: true,
      };
    case CLOSE.documentTooLarge:
      return {
        kind: "stopped",
        message:
          "The server refused a change because the statement would become too large. Copy anything you need, then discard this device's copy.",
        discardable: true,
      };
    case CLOSE.invalidUpdate:
      return {
        kind: "stopped",
        message:
          "The server could not accept a change from this device. Copy anything you need, then discard this device's copy.",
        discardable: true,
      };
    case CLOSE.tooManyMessages:
      return { kind: "retry", delayMs: 5000 };
    case CLOSE.tryAgainLater:
      return { kind: "retry", delayMs: 3000 };
    default:
      // 1001 (server going away), 1006 (network) and anything else.
      return { kind: "retry", delayMs: 0 };
  }
}
