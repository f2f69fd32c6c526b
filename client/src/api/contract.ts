// What each REST route takes and answers, read from the generated `paths` type: a request
// names its route by the path template and method the contract documents, and gets that
// route's body and answer types, so a caller cannot claim an answer the server does not give.

import type { paths } from "./openapi";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A route's path as the contract writes it: `/api/statements/{statement_id}`. */
export type Route = keyof paths;

type Operation<R extends Route, M extends Method> = paths[R][Lowercase<M>];

/** The methods the contract documents for `R`. */
export type MethodOf<R extends Route> = {
  [M in Method]: [Operation<R, M>] extends [undefined] ? never : M;
}[Method];

type ParamName<R extends string> =
  R extends `${string}{${infer Name}}${infer Rest}`
    ? Name | ParamName<Rest>
    : never;

/** The values for a route's `{placeholders}`, by name. */
export type PathParams<R extends Route> = Readonly<
  Record<ParamName<R>, string | number>
>;

type ParamsOption<R extends Route> = [ParamName<R>] extends [never]
  ? { readonly params?: never }
  : { readonly params: PathParams<R> };

type BodyOption<Op> = Op extends {
  requestBody: { content: { "application/json": infer Body } };
}
  ? { readonly body: Body }
  : { readonly body?: never };

type Success = 200 | 201 | 202 | 204;

/** Every answer the route may give on success (`undefined` for 204). */
type AnswerOf<Op> = Op extends { responses: infer Answers }
  ? {
      [S in keyof Answers & Success]: Answers[S] extends {
        content: { "application/json": infer Body };
      }
        ? Body
        : undefined;
    }[keyof Answers & Success]
  : never;

export type Answer<R extends Route, M extends MethodOf<R>> = AnswerOf<
  Operation<R, M>
>;

export type RequestOptions<
  R extends Route,
  M extends MethodOf<R>,
> = ParamsOption<R> &
  BodyOption<Operation<R, M>> & {
    readonly signal?: AbortSignal;
    /** Leave out the CSRF header (only for signing in and joining as a new account). */
    readonly withoutCsrf?: boolean;
  };

/** The options argument: optional only when the route needs neither params nor a body. */
export type OptionsArg<R extends Route, M extends MethodOf<R>> =
  object extends RequestOptions<R, M>
    ? [options?: RequestOptions<R, M>]
    : [options: RequestOptions<R, M>];

/** The route's path with its placeholders filled in (each value URL-encoded). */
export function fillPath(
  route: string,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return route.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined)
      throw new Error(`${route}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
}
