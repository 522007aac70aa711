import { Router, type Request, type Response } from "express";
import type { GraphQLSchema } from "graphql";
import type { Execute } from "../graphql/execution/compiled-execution";
import type { GraphQLContext } from "../graphql/context";
import { DomainError, validationError } from "../errors/domain-error";
import { compileRoutes, type CompiledRoute } from "./compile";
import { inputRules } from "../graphql/input-rules";
import { variableErrors } from "./coerce-variables";
import { answeredNotModified } from "./conditional-get";
import { API_VERSION, successEnvelopeJson, type Migration } from "./envelope";
import { requestedFields, selectFields } from "./field-selection";
import { methodRouter, withPatchForPut } from "./methods";
import { acceptsExpectedUpdatedAt, preconditionFailed } from "./preconditions";
import { etagOf, etagOfJson, listNamesEtag, resourceJson } from "./etag";
import { recordRouteTemplate } from "./route-template";
import { openApiDocument } from "./openapi/openapi-document";
import type { RestRequest, RestResult, RestRoute, RouteDeprecation } from "./route";

export interface RestRouterOptions {
  schema: GraphQLSchema;
  /** The executor every door shares. */
  execute: Execute;
  routes: readonly RestRoute[];
  /** Builds the same per-request context the GraphQL endpoint uses. */
  contextFor: (req: Request) => GraphQLContext;
}

/** The first error of an execution as the DomainError the error handler understands. */
function failureOf(errors: readonly { originalError?: Error | null; message: string }[]): Error {
  const first = errors[0]!;
  const original = first.originalError;
  if (original instanceof DomainError) return original;
  if (original) return original;
  // Without an original error graphql-js rejected the request itself: a bridge bug, not client input.
  return new Error(`GraphQL rejected a bridge operation: ${first.message}`);
}

interface RunOptions {
  /** Honour `?fields=` (the GET itself, not a precondition check made with it). */
  selectFields: boolean;
  /** The version an If-Match matched: the write applies only to it. */
  expectedUpdatedAt?: string;
}

async function run(route: CompiledRoute, { schema, execute }: RestRouterOptions, req: Request, context: GraphQLContext, options: RunOptions): Promise<RestResult> {
  const request: RestRequest = { params: req.params as Record<string, string>, query: req.query, body: req.body };
  const fields = route.method === "GET" && options.selectFields ? requestedFields(request, route.selectableFields) : undefined;
  const variables = route.variables?.(request) ?? {};
  if (options.expectedUpdatedAt && variables.input && typeof variables.input === "object") {
    variables.input = { expectedUpdatedAt: options.expectedUpdatedAt, ...(variables.input as Record<string, unknown>) };
  }
  const problems = variableErrors(schema, route.definition, variables, inputRules);
  if (problems.length) throw validationError(problems);
  const result = await execute({ document: route.document, variableValues: variables, contextValue: context });
  if (result.errors?.length) throw failureOf(result.errors);
  const shaped = route.respond(result.data as Record<string, unknown>, request);
  return fields ? { ...shaped, data: selectFields(shaped.data, fields) } : shaped;
}

/**
 * Mounts each route of the table, PATCH beside each PUT, and the OPTIONS
 * and 405 answers of every path; those sit in this router because an
 * Express router answers an OPTIONS it has no route for on its own. A route
 * runs its GraphQL operation with the caller's context, so permissions,
 * validation and tenancy are exactly those of `/api/v1/graphql`. GETs (and
 * the HEADs Express answers with them) carry an ETag and honour
 * `If-None-Match`. Errors go to the Express error handler.
 */
export function createRestRouter(options: RestRouterOptions): Router {
  const router = Router();
  const compiled = withPatchForPut(compileRoutes(options.schema, options.routes));
  const reads = new Map(compiled.filter((route) => route.method === "GET").map((route) => [route.path, route]));
  const document = JSON.stringify(openApiDocument(options.schema, compiled));
  router.get("/openapi.json", (req: Request, res: Response) => {
    recordRouteTemplate(req, res, "/openapi.json");
    res.type("json").send(document);
  });
  for (const route of compiled) {
    const method = route.method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete";
    const guardsWrite = acceptsExpectedUpdatedAt(options.schema, route);
    router[method](route.path, async (req: Request, res: Response) => {
      recordRouteTemplate(req, res, route.path);
      const ifMatch = route.method === "GET" || route.method === "POST" ? undefined : req.get("if-match");
      const matched = ifMatch === undefined ? undefined : await checkIfMatch(ifMatch, reads.get(route.path), req);
      const expectedUpdatedAt = guardsWrite ? matched : undefined;
      const result = await run(route, options, req, options.contextFor(req), { selectFields: true, expectedUpdatedAt }).catch(
        (error: unknown) => {
          // A change landing between the If-Match check and the write is the same failed precondition.
          if (expectedUpdatedAt && error instanceof DomainError && error.code === "RESOURCE_CONFLICT" && isStaleVersion(error)) throw preconditionFailed();
          throw error;
        },
      );
      const status = route.status ?? 200;
      const migration = route.deprecated ? announceDeprecation(res, route.deprecated) : undefined;
      if (status === 204) return void res.status(204).end();
      const resource = resourceJson(result);
      if (route.method === "GET" && answeredNotModified(req, res, etagOfJson(resource))) return;
      res.status(status).type("json").send(successEnvelopeJson(req.requestId, resource, migration));
    });
  }
  router.use(methodRouter(options.routes));
  return router;

  /**
   * Evaluates `If-Match` against the ETag a GET of the same path gives now
   * (a path without one has no tag a client could hold: 412). Returns the
   * `updated_at` it matched, for guarding the write itself.
   */
  async function checkIfMatch(header: string, read: CompiledRoute | undefined, req: Request): Promise<string | undefined> {
    if (!read) throw preconditionFailed();
    const current = await run(read, options, req, options.contextFor(req), { selectFields: false });
    const etag = etagOf(current);
    // RFC 9110 §13.1.1: `*` holds whenever the resource exists, which it does once read.
    if (!listNamesEtag(header, etag)) throw preconditionFailed(etag);
    const updatedAt = (current.data as { updated_at?: unknown } | null)?.updated_at;
    return typeof updatedAt === "string" ? updatedAt : undefined;
  }
}

const isStaleVersion = (error: DomainError) => Boolean(error.details && !Array.isArray(error.details) && "current_updated_at" in error.details);

/** RFC 9745 `Deprecation`, RFC 8594 `Sunset`, the successor link, and the §13.3 block for the body. */
function announceDeprecation(res: Response, deprecation: RouteDeprecation): Migration {
  res.setHeader("Deprecation", `@${Math.floor(deprecation.since.getTime() / 1000)}`);
  res.setHeader("Sunset", deprecation.sunset.toUTCString());
  res.setHeader("Link", `<${deprecation.successor}>; rel="successor-version"`);
  return {
    current_version: API_VERSION,
    latest_version: deprecation.latestVersion,
    migration_guide: deprecation.migrationGuide,
    deprecation_date: deprecation.sunset.toISOString(),
  };
}
