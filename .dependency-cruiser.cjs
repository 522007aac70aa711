/**
 * The import rules of docs/architecture.md, checked in CI (`npm run lint:imports`).
 * Layers may import only the layers listed for them; inside services/,
 * schema/ and resolvers/, one domain reaches another only through its index.ts.
 */

/** What each layer may import besides itself, `errors/`, `contract/` and `platform/`. */
const MAY_IMPORT = {
  config: [],
  db: [],
  adapters: ["config"],
  auth: ["db"],
  jobs: ["db", "services", "adapters"],
  events: ["db", "jobs"],
  services: ["db", "events", "auth", "jobs", "adapters"],
  schema: [],
  resolvers: ["schema", "services", "graphql", "auth", "db"],
  graphql: ["schema", "resolvers", "services", "auth", "events", "db"],
  "rest-bridge": ["graphql", "schema", "auth"],
};

const layerRules = Object.entries(MAY_IMPORT).map(([layer, allowed]) => ({
  name: `layer-${layer}`,
  comment: `${layer}/ may import only ${["errors", "contract", "platform", ...allowed].join(", ")}`,
  severity: "error",
  from: { path: `^src/${layer}/` },
  to: { path: "^src/", pathNot: [layer, "errors", "contract", "platform", ...allowed].map((name) => `^src/${name}/`) },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "platform-is-a-leaf",
      comment: "platform/ wraps dependencies; it imports nothing of ours",
      severity: "error",
      from: { path: "^src/platform/" },
      to: { path: "^src/", pathNot: "^src/platform/" },
    },
    {
      name: "errors-is-a-leaf",
      severity: "error",
      from: { path: "^src/errors/" },
      to: { path: "^src/", pathNot: "^src/errors/" },
    },
    {
      name: "contract-is-a-leaf",
      comment: "contract/ holds values the API contract fixes (page sizes, roles); it imports nothing of ours",
      severity: "error",
      from: { path: "^src/contract/" },
      to: { path: "^src/", pathNot: "^src/contract/" },
    },
    ...layerRules,
    {
      name: "domain-through-index-within-layer",
      comment: "a domain calls another domain of its layer only through that domain's index.ts",
      severity: "error",
      from: { path: "^src/(services|schema|resolvers)/([^/]+)/" },
      to: { path: "^src/$1/", pathNot: ["^src/$1/$2/", "^src/$1/[^/]+/index\\.ts$"] },
    },
    {
      name: "domain-through-index-from-outside",
      comment: "other layers reach a domain of services/, schema/ or resolvers/ only through its index.ts",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(services|schema|resolvers)/" },
      to: { path: "^src/(services|schema|resolvers)/[^/]+/", pathNot: "^src/(services|schema|resolvers)/[^/]+/index\\.ts$" },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".d.ts", ".js", ".json"], exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], mainFields: ["module", "main", "types", "typings"] },
  },
};
