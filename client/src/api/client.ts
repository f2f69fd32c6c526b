// fetch wrapper for the Chorus API: JSON in and out, same-origin cookies, the
// CSRF header on every write, and the server's error message on failure. Routes are
// named as the contract writes them, so their body and answer types come from it.

import {
  fillPath,
  type Answer,
  type Method,
  type MethodOf,
  type OptionsArg,
  type Route,
} from "./contract";
import { sayMessage, sayRefusal } from "../i18n";
import type { MessageCode, MessageValues } from "./messages";

/** The values a message holds, by name: a page that knows the code can say it in the
 * reader's language from these; `message` is the English. */
export type MessageParams = Readonly<Record<string, string | number>>;

export interface Reason {
  readonly code: string;
  readonly message: string;
  readonly params: MessageParams;
}

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly field: string | null;
  readonly params: MessageParams;
  /** Each reason on its own when a refusal has several (finalising, say). */
  readonly reasons: readonly Reason[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;
  readonly params: MessageParams;
  readonly reasons: readonly Reason[];

  /** The server's own English; `message` is said in the interface's language. */
  readonly english: string;

  constructor(status: number, body: ErrorBody) {
    super(sayRefusal(body.code, body.params, body.message, body.reasons));
    this.name = "ApiError";
    this.status = status;
    this.code = body.code;
    this.field = body.field;
    this.params = body.params;
    this.english = body.message;
    this.reasons = body.reasons.map((reason) => ({
      ...reason,
      message: sayMessage(reason.code, reason.params, reason.message),
    }));
  }
}

/** Whether `message` (an ApiError or one of its reasons) is the server's `code`; if so its
 * params are typed as the catalogue declares them (schemas/messages.json). */
export function isMessage<C extends MessageCode>(
  message: { readonly code: string; readonly params: MessageParams },
  code: C,
): message is { readonly code: C; readonly params: MessageValues[C] } {
  return message.code === code;
}

/** status 0: the request never reached the server (offline, DNS, reset). */
export const NETWORK_ERROR_CODE = "network";

let csrfToken: string | null = null;

/** Keeps the token from the last session answer for later writes. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Reads `{"error": {...}}`; falls back to a sentence built from the status. */
export function errorFromBody(status: number, body: unknown): ErrorBody {
  if (typeof body === "object" && body !== null && "error" in body) {
    const error: unknown = (body as { error: unknown }).error;
    if (typeof error === "object" && error !== null) {
      const { code, message, field, params, reasons } = error as Record<
        string,
        unknown
      >;
      if (typeof message === "string" && message.trim() !== "") {
        return {
          code: typeof code === "string" ? code : `http_${status}`,
          message,
          field: typeof field === "string" ? field : null,
          params: messageParams(params),
          reasons: Array.isArray(reasons) ? reasons.flatMap(reasonFrom) : [],
        };
      }
    }
  }
  return {
    code: `http_${status}`,
    message: fallbackMessage(status),
    field: null,
    params: {},
    reasons: [],
  };
}

/** The string and number values of `value`, when it is an object; {} otherwise. */
export function messageParams(value: unknown): MessageParams {
  if (typeof value !== "object" || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string | number] =>
        typeof entry[1] === "string" || typeof entry[1] === "number",
    ),
  );
}

function reasonFrom(value: unknown): Reason[] {
  if (typeof value !== "object" || value === null) return [];
  const { code, message, params } = value as Record<string, unknown>;
  if (typeof code !== "string" || typeof message !== "string") return [];
  return [{ code, message, params: messageParams(params) }];
}

function fallbackMessage(status: number): string {
  if (status === 401) return "Please sign in again.";
  if (status === 403) return "You are not allowed to do this.";
  if (status === 404) return "This page or statement does not exist.";
  if (status === 429)
    return "Too many requests. Please wait a moment and try again.";
  if (status >= 500)
    return "The server had a problem. Please try again in a moment.";
  return `The request failed (HTTP ${status}).`;
}

/** What the typed signature below lets through, as the body of `request` reads it. */
interface SentOptions {
  readonly params?: Readonly<Record<string, string | number>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  readonly withoutCsrf?: boolean;
}

/** Sends `method` to `route` (its `{placeholders}` filled from `params`) and answers with
 * what the contract says the route answers; rejects with an ApiError otherwise. */
export function request<R extends Route, M extends MethodOf<R>>(
  method: M,
  route: R,
  ...options: OptionsArg<R, M>
): Promise<Answer<R, M>>;
export async function request(
  method: Method,
  route: string,
  options: SentOptions = {},
): Promise<unknown> {
  const path = fillPath(route, options.params);
  const headers: Record<string, string> = { Accept: "application/json" };
  const hasBody = options.body !== undefined;
  if (hasBody) headers["Content-Type"] = "application/json";
  if (method !== "GET" && !options.withoutCsrf && csrfToken !== null) {
    headers["X-CSRF-Token"] = csrfToken;
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: hasBody ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError")
      throw cause;
    throw new ApiError(0, {
      code: NETWORK_ERROR_CODE,
      message: "Cannot reach the server. Check your connection and try again.",
      field: null,
      params: {},
      reasons: [],
    });
  }

  if (response.status === 204) return undefined;
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok)
    throw new ApiError(response.status, errorFromBody(response.status, data));
  // The typed signature above takes this as the route's answer on trust: the server builds
  // it from the same models the types are generated from.
  return data;
}
