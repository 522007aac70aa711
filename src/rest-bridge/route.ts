import type { Pagination } from "./envelope";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What a route mapping may read from the HTTP request. */
export interface RestRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface RestResult {
  data: unknown;
  pagination?: Pagination;
}

/** Where response `data` comes from in the operation's result; the OpenAPI document is written from it. */
export type DataShape =
  /** The object at `path`. */
  | { kind: "object"; path: string }
  /** The nodes of the connection at `path`, plus §1.2 pagination. */
  | { kind: "list"; path: string }
  /** The fields of `path.spread` beside the other fields at `path`. */
  | { kind: "merged"; path: string; spread: string }
  /** `{ message }`, a fixed confirmation. */
  | { kind: "message" }
  /** No body (204). */
  | { kind: "none" };

/** Shapes an operation's `data` into the seed's response `data` (and pagination). */
export interface Responder {
  (data: Record<string, unknown>, request: RestRequest): RestResult;
  readonly shape: DataShape;
  /**
   * Dot path of the operation result that becomes response `data` (of its
   * items, for lists). It tells `?fields=` which fields a route returns
   * before the operation runs. Unset: the route offers no field selection.
   */
  readonly dataPath?: string;
}

/**
 * One documented REST path, served by running `operation` against the
 * executable schema. The operation is parsed and validated at start-up.
 */
export interface RestRoute {
  /** A PUT also answers PATCH (unless the path declares its own PATCH), a GET also HEAD. */
  method: HttpMethod;
  /** Express-style path below `/api/v1`, e.g. `/users/:id`. */
  path: string;
  /** A GraphQL document with exactly one operation. */
  operation: string;
  /** Builds the operation's variables; throws DomainError on invalid input. */
  variables?: (request: RestRequest) => Record<string, unknown>;
  respond: Responder;
  /** Success status; default 200. */
  status?: number;
  /** The query parameters `variables` reads; a test holds the two together. */
  query?: readonly QueryParameter[];
  /** The operation variables the JSON body's fields fill, when the body is not `$input` itself. */
  bodyVariables?: readonly string[];
  /** Marks the route as on its way out: Deprecation, Sunset and successor headers plus the §13.3 migration block. */
  deprecated?: RouteDeprecation;
}

export interface RouteDeprecation {
  /** When the route was deprecated. */
  since: Date;
  /** When it stops answering. */
  sunset: Date;
  /** Path of the route that replaces it. */
  successor: string;
  /** Version where the successor lives, e.g. `v2`. */
  latestVersion: string;
  migrationGuide: string;
}

/** A documented query parameter of a route. */
export interface QueryParameter {
  name: string;
  description: string;
  type?: "string" | "integer" | "boolean";
}
