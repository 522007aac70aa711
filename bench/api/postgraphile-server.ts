/**
 * PostGraphile v4 over the benchmark database: what someone who wants
 * "GraphQL over Postgres" would run instead of our API. Its schema is
 * derived from our tables (`projectById`, `issuesByProjectId`,
 * `userByAssigneeId`, ...), served by its own request handler on a plain
 * Node HTTP server at `/graphql`, with production options: no GraphiQL, no
 * query log, no schema watching, no batching. It has no authentication, no
 * tenant checks and no rate limits, an advantage over the API.
 *
 *   POSTGRAPHILE_DATABASE_URL=… node --import tsx bench/api/postgraphile-server.ts
 *
 * Prints `{"port":N}` once listening on PORT (default: any free port).
 */
import { createServer } from "node:http";
import Module, { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";

/**
 * PostGraphile v4 needs graphql 15 while the project uses 16, so npm nests
 * graphql 15 twice: under `postgraphile` and under `graphile-build-pg`,
 * which it hoists to the top. Two copies of graphql refuse each other's
 * types ("Cannot use GraphQLObjectType from another module or realm"), so in
 * this process every `graphql` import resolves to postgraphile's own copy.
 */
function useOneGraphql(): void {
  const postgraphileDir = dirname(createRequire(import.meta.url).resolve("postgraphile/package.json"));
  const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (request, parent, isMain, options) {
    const graphql = request === "graphql" || request.startsWith("graphql/");
    return resolve.call(this, request, parent, isMain, graphql ? { paths: [postgraphileDir] } : options);
  };
}

useOneGraphql();
const { postgraphile } = await import("postgraphile");

const url = process.env.POSTGRAPHILE_DATABASE_URL;
if (!url) throw new Error("POSTGRAPHILE_DATABASE_URL is required");

// Given a URL, PostGraphile makes its own pg pool (10 connections, as the API's DATABASE_POOL_MAX default).
const handler = postgraphile(url, "public", {
  graphqlRoute: "/graphql",
  graphiql: false,
  disableQueryLog: true,
  watchPg: false,
  retryOnInitFail: false,
  enableQueryBatching: false,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: false,
  legacyRelations: "omit",
  showErrorStack: false,
});

const server = createServer(handler);
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
process.once("SIGTERM", () => {
  server.close();
  process.exit(0);
});
