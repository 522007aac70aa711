import { getNamedType, isNonNullType, Kind, typeFromAST, type FieldNode, type GraphQLInputType, type GraphQLOutputType, type GraphQLObjectType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { rootFieldAccess } from "../../auth/permissions";
import { errorStatus } from "../../errors/error-codes";
import { toSnake } from "../case";
import type { CompiledRoute } from "../compile";
import type { DataShape } from "../route";
import { inputSchema, outputSchema, type JsonSchema } from "./json-schema";

const ENVELOPE = {
  Meta: {
    type: "object",
    properties: { timestamp: { type: "string", format: "date-time" }, version: { const: "v1" }, request_id: { type: "string" } },
    required: ["timestamp", "version", "request_id"],
  },
  Pagination: {
    type: "object",
    properties: { page: { type: "integer" }, per_page: { type: "integer" }, total: { type: "integer" }, total_pages: { type: "integer" } },
    required: ["page", "per_page", "total", "total_pages"],
  },
  Migration: {
    type: "object",
    description: "Seed 001 §13.3: on every answer of a deprecated route.",
    properties: {
      current_version: { type: "string" },
      latest_version: { type: "string" },
      migration_guide: { type: "string" },
      deprecation_date: { type: "string" },
    },
  },
  Error: {
    type: "object",
    description: "Seed 001 §1.3. `details` lists every problem of a VALIDATION_ERROR (`field` in snake_case, `code`, `message`).",
    properties: {
      success: { const: false },
      error: {
        type: "object",
        properties: { code: { type: "string", enum: Object.keys(errorStatus) }, message: { type: "string" }, details: {} },
        required: ["code", "message"],
      },
      meta: { $ref: "#/components/schemas/Meta" },
    },
    required: ["success", "error", "meta"],
  },
};

const RATE_LIMIT_HEADERS = {
  "X-RateLimit-Limit": { description: "Requests allowed in the window (seed 001 §12.1)", schema: { type: "integer" } },
  "X-RateLimit-Remaining": { description: "Requests left in the window", schema: { type: "integer" } },
  "X-RateLimit-Reset": { description: "When the window resets, in Unix seconds", schema: { type: "integer" } },
  "API-Version": { description: "The version that answered (seed 001 §13.2)", schema: { type: "string" } },
  "X-Request-ID": { description: "This request's id, also in `meta.request_id`", schema: { type: "string" } },
};

/** The codes each status carries, for its response's description. */
const codesOf = (status: number) =>
  Object.entries(errorStatus)
    .filter(([, code]) => code === status)
    .map(([name]) => `\`${name}\``)
    .join(", ");

const HEADERS_REF = Object.fromEntries(Object.keys(RATE_LIMIT_HEADERS).map((name) => [name, { $ref: `#/components/headers/${name}` }]));

function errorResponse(status: number) {
  return { description: `Error: ${codesOf(status)}`, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
}

/** The field node at a dot path of the operation's selection, with the GraphQL type it selects from. */
function fieldAt(schema: GraphQLSchema, definition: OperationDefinitionNode, path: string) {
  let parent: GraphQLObjectType = definition.operation === "query" ? schema.getQueryType()! : schema.getMutationType()!;
  let selection: SelectionSetNode | undefined = definition.selectionSet;
  let node: FieldNode | undefined;
  let type: GraphQLOutputType | undefined;
  for (const key of path.split(".")) {
    node = selection?.selections.find((item): item is FieldNode => item.kind === Kind.FIELD && (item.alias?.value ?? item.name.value) === key);
    if (!node) throw new Error(`the operation selects nothing at ${path}`);
    const field = parent.getFields()[node.name.value]!;
    type = field.type;
    selection = node.selectionSet;
    parent = getNamedType(type) as GraphQLObjectType;
  }
  return { node: node!, type: type! };
}

function dataSchema(schema: GraphQLSchema, route: CompiledRoute, shape: DataShape): JsonSchema | null {
  const at = (path: string) => {
    const { node, type } = fieldAt(schema, route.definition, path);
    return outputSchema(type, node.selectionSet);
  };
  switch (shape.kind) {
    case "none":
      return null;
    case "message":
      return { type: "object", properties: { message: { type: "string" } }, required: ["message"] };
    case "object":
      return at(shape.path);
    case "list":
      return at(`${shape.path}.nodes`);
    case "merged": {
      const outer = at(shape.path) as { properties: Record<string, JsonSchema>; required: string[] };
      const inner = at(`${shape.path}.${shape.spread}`) as { properties: Record<string, JsonSchema>; required: string[] };
      const { [shape.spread]: _spread, ...rest } = outer.properties;
      const properties = { ...inner.properties, ...rest };
      return { type: "object", properties, required: Object.keys(properties), additionalProperties: false };
    }
  }
}

function successResponse(schema: GraphQLSchema, route: CompiledRoute) {
  const data = dataSchema(schema, route, route.respond.shape);
  if (!data) return { description: "Done; no body", headers: HEADERS_REF };
  const list = route.respond.shape.kind === "list";
  return {
    description: "Success (seed 001 §1.2 envelope)",
    headers: { ...HEADERS_REF, ...(route.method === "GET" ? { ETag: { description: "Weak tag of `data` and `pagination`", schema: { type: "string" } } } : {}) },
    content: {
      "application/json": {
        schema: {
          type: "object",
          properties: {
            success: { const: true },
            data,
            ...(list ? { pagination: { $ref: "#/components/schemas/Pagination" } } : {}),
            meta: { $ref: "#/components/schemas/Meta" },
            migration: { $ref: "#/components/schemas/Migration" },
          },
          required: ["success", "data", "meta", ...(list ? ["pagination"] : [])],
          additionalProperties: false,
        },
      },
    },
  };
}

function requestBody(schema: GraphQLSchema, route: CompiledRoute) {
  const variables = route.definition.variableDefinitions ?? [];
  const typeOf = (name: string) => {
    const definition = variables.find((variable) => variable.variable.name.value === name)!;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType;
    return { type: isNonNullType(type) ? type.ofType : type, required: isNonNullType(type) };
  };
  if (route.bodyVariables) {
    const properties = Object.fromEntries(route.bodyVariables.map((name) => [toSnake(name), inputSchema(typeOf(name).type)]));
    return { required: false, content: { "application/json": { schema: { type: "object", properties, additionalProperties: false } } } };
  }
  if (!variables.some((variable) => variable.variable.name.value === "input")) return undefined;
  const input = typeOf("input");
  return { required: input.required, content: { "application/json": { schema: inputSchema(input.type) } } };
}

const openApiPath = (path: string) => path.replace(/:([a-z_]+)/g, "{$1}");

function operationOf(schema: GraphQLSchema, route: CompiledRoute) {
  const rootName = (route.definition.selectionSet.selections[0] as FieldNode).name.value;
  const rootType = route.definition.operation === "query" ? schema.getQueryType()! : schema.getMutationType()!;
  const field = rootType.getFields()[rootName]!;
  const access = rootFieldAccess(route.definition.operation === "query" ? "Query" : "Mutation", rootName);
  const pathParameters = [...route.path.matchAll(/:([a-z_]+)/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string", format: "uuid" },
  }));
  const body = requestBody(schema, route);
  const writes = route.method !== "GET";
  const statuses = new Set<number>([400, 406, 429, 500]);
  if (access.kind !== "public") [401, 403].forEach((status) => statuses.add(status));
  if (pathParameters.length) statuses.add(404);
  if (writes) [409, 422].forEach((status) => statuses.add(status));
  if (body) [413, 415].forEach((status) => statuses.add(status));
  if (["PUT", "PATCH", "DELETE"].includes(route.method)) statuses.add(412);
  if (rootName === "login") statuses.add(423);
  const scope = access.kind === "scope" ? ` Requires the \`${access.scope}\` scope.` : "";
  const name = route.definition.name?.value ?? rootName;
  return {
    operationId: `${name[0]!.toLowerCase()}${name.slice(1)}${route.method === "PATCH" ? "Patch" : ""}`,
    summary: field.description?.split("\n")[0] ?? name,
    description: `Runs the GraphQL ${route.definition.operation} \`${rootName}\`.${scope}`,
    tags: [route.path.split("/")[1]!],
    ...(access.kind === "public" ? { security: [] } : {}),
    ...(route.deprecated ? { deprecated: true } : {}),
    parameters: [
      ...pathParameters,
      ...(route.query ?? []).map((parameter) => ({
        name: parameter.name,
        in: "query",
        description: parameter.description,
        schema: { type: parameter.type ?? "string" },
      })),
      ...(route.respond.shape.kind === "object" || route.respond.shape.kind === "list"
        ? [{ name: "fields", in: "query", description: "Comma-separated fields of `data` to answer with (snake_case); such an answer holds only those, though the schema lists every field as required", schema: { type: "string" } }]
        : []),
      ...(route.method === "POST" ? [{ $ref: "#/components/parameters/IdempotencyKey" }] : []),
      ...(["PUT", "PATCH", "DELETE"].includes(route.method) ? [{ $ref: "#/components/parameters/IfMatch" }] : []),
      ...(route.method === "GET" ? [{ $ref: "#/components/parameters/IfNoneMatch" }] : []),
    ],
    ...(body ? { requestBody: body } : {}),
    responses: {
      [String(route.status ?? 200)]: successResponse(schema, route),
      ...(route.method === "GET" ? { 304: { description: "Not modified (`If-None-Match` named the current ETag)" } } : {}),
      ...Object.fromEntries([...statuses].sort().map((status) => [String(status), errorResponse(status)])),
    },
  };
}

/**
 * The OpenAPI 3.1 document of the REST door, written from the route table
 * and the GraphQL types each route's operation selects, so it describes
 * what is served: paths, parameters, bodies, envelopes, error codes.
 */
export function openApiDocument(schema: GraphQLSchema, routes: readonly CompiledRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    (paths[path] ??= {})[route.method.toLowerCase()] = operationOf(schema, route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Project tracker REST API",
      version: "v1",
      description:
        "The REST compatibility door of a GraphQL-first API: each route runs a GraphQL operation (`/api/v1/graphql`), so both doors answer alike. Written from the server's route table.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: ENVELOPE,
      headers: RATE_LIMIT_HEADERS,
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          description: "Repeat a POST safely: the first answer is replayed for 24 hours",
          schema: { type: "string", maxLength: 255 },
        },
        IfMatch: { name: "If-Match", in: "header", description: "Write only if the resource still has this ETag (412 otherwise)", schema: { type: "string" } },
        IfNoneMatch: { name: "If-None-Match", in: "header", description: "Answer 304 if the ETag still matches", schema: { type: "string" } },
      },
    },
  };
}
