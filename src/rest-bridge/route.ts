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

/** Shapes an operation's `data` into the seed's response `data` (and pagination). */
export interface Responder {
  (data: Record<string, unknown>, request: RestRequest): RestResult;
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
