import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../contract";
import { validationError } from "../errors/domain-error";
import type { FieldError } from "../errors/error-codes";
import { encodePositionCursor } from "../schema/common";
import { camelKeys, snakeKeys, TooDeepError } from "./case";
import type { QueryParameter, Responder, RestRequest, RestResult } from "./route";

/** The JSON body as GraphQL input: must be an object; keys become camelCase. */
export function bodyInput(request: RestRequest): Record<string, unknown> {
  const { body } = request;
  if (body === undefined || body === null || typeof body !== "object" || Array.isArray(body)) {
    throw validationError([{ field: "body", code: "INVALID_FORMAT", message: "Request body must be a JSON object" }]);
  }
  try {
    return camelKeys(body) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TooDeepError) {
      throw validationError([{ field: "body", code: "INVALID_FORMAT", message: "Request body is nested too deeply" }]);
    }
    throw error;
  }
}

/** `bodyInput` where a body is optional: no body (or an empty one) is undefined. */
export const optionalBodyInput = (request: RestRequest): Record<string, unknown> | undefined =>
  request.body === undefined || request.body === null || request.body === "" ? undefined : bodyInput(request);

function positiveInteger(raw: unknown, field: string, fallback: number, max: number, problems: FieldError[]): number {
  if (raw === undefined || raw === "") return fallback;
  const text = Array.isArray(raw) ? raw.at(-1) : raw;
  const value = typeof text === "string" && /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    problems.push({ field, code: "INVALID_FORMAT", message: `${field} must be an integer between 1 and ${max}` });
  }
  return value;
}

export function stringQuery(request: RestRequest, name: string): string | undefined {
  const raw = request.query[name];
  const value = Array.isArray(raw) ? raw.at(-1) : raw;
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** `true` or `false`; anything else is a 400 naming the parameter. */
export function booleanQuery(request: RestRequest, name: string): boolean | undefined {
  const value = stringQuery(request, name);
  if (value === undefined) return undefined;
  if (value === "true" || value === "false") return value === "true";
  throw validationError([{ field: name, code: "INVALID_FORMAT", message: `${name} must be true or false` }]);
}

export interface PageQuery {
  page: number;
  perPage: number;
  /** Relay arguments that select the same window: `after` is a position cursor, since REST pages by position. */
  first: number;
  after: string | null;
}

/** `page` (from 1) and `per_page` (1–100, default 20) as Relay `first`/`after`. */
export function pageQuery(request: RestRequest): PageQuery {
  const problems: FieldError[] = [];
  const page = positiveInteger(request.query.page, "page", 1, 1_000_000, problems);
  const perPage = positiveInteger(request.query.per_page, "per_page", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, problems);
  if (problems.length) throw validationError(problems);
  const skipped = (page - 1) * perPage;
  return { page, perPage, first: perPage, after: skipped > 0 ? encodePositionCursor(skipped - 1) : null };
}

function field(data: Record<string, unknown>, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | null)?.[key], data);
}

/** Response `data` is the value at `path` of the operation result, in snake_case. */
export const single = (path: string): Responder =>
  Object.assign((data: Record<string, unknown>): RestResult => ({ data: snakeKeys(field(data, path)) }), {
    dataPath: path,
    shape: { kind: "object", path } as const,
  });

/** A Relay connection at `path` as a list plus §1.2 pagination. */
export const paginated = (path: string): Responder =>
  Object.assign(
    (data: Record<string, unknown>, request: RestRequest): RestResult => {
      const connection = field(data, path) as { nodes: unknown[]; totalCount: number };
      const { page, perPage } = pageQuery(request);
      return {
        data: snakeKeys(connection.nodes),
        pagination: {
          page,
          per_page: perPage,
          total: connection.totalCount,
          total_pages: Math.ceil(connection.totalCount / perPage),
        },
      };
    },
    { dataPath: `${path}.nodes`, shape: { kind: "list", path } as const },
  );

/** A fixed confirmation as response `data`, for deletions the contract answers with a message. */
export const confirmationMessage = (text: string): Responder =>
  Object.assign((): RestResult => ({ data: { message: text } }), { shape: { kind: "message" } as const });

/** For 204 routes: there is no body to shape. */
export const noContent: Responder = Object.assign((): RestResult => ({ data: null }), { shape: { kind: "none" } as const });

/** The page parameters every list route reads (`pageQuery`). */
export const PAGE_PARAMETERS: readonly QueryParameter[] = [
  { name: "page", description: "Page number, from 1", type: "integer" },
  { name: "per_page", description: `Items per page, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`, type: "integer" },
];
