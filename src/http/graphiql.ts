import { createRequire } from "node:module";
import { dirname } from "node:path";
import express, { Router } from "express";

const require = createRequire(import.meta.url);
const folderOf = (file: string) => dirname(require.resolve(file));

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Project tracker GraphQL</title>
  <link rel="stylesheet" href="/graphiql/assets/graphiql/graphiql.min.css">
  <link rel="stylesheet" href="/graphiql/page.css">
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react/react.production.min.js"></script>
  <script src="/graphiql/assets/react-dom/react-dom.production.min.js"></script>
  <script src="/graphiql/assets/graphiql/graphiql.min.js"></script>
  <script src="/graphiql/start.js"></script>
</body>
</html>
`;

const CSS = "html, body, #graphiql { height: 100%; margin: 0; }\n";

// A file of its own, not an inline script, so the production Content-Security-Policy (script-src 'self') allows it.
// The Authorization header goes in GraphiQL's Headers tab: {"Authorization": "Bearer <access token>"}.
const START = `const fetcher = GraphiQL.createFetcher({ url: "/api/v1/graphql" });
const headers = JSON.stringify({ Authorization: "Bearer <access token from POST /api/v1/auth/login>" }, null, 2);
ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQL, { fetcher, defaultHeaders: headers, shouldPersistHeaders: true, isHeadersEditorEnabled: true }),
);
`;

/** `/graphiql`: GraphiQL over the GraphQL endpoint, every script and style from node_modules (nothing from a CDN). */
export function graphiqlRoutes(): Router {
  const router = Router();
  // A browser opening the endpoint itself gets the explorer (Apollo's own landing page loads from its CDN).
  router.get("/api/v1/graphql", (req, res, next) => (req.query.query === undefined && req.accepts(["json", "html"]) === "html" ? res.redirect(302, "/graphiql") : next()));
  const assets = { maxAge: "1h", index: false };
  router.get("/graphiql", (_req, res) => void res.type("html").send(PAGE));
  router.get("/graphiql/start.js", (_req, res) => void res.type("js").send(START));
  router.get("/graphiql/page.css", (_req, res) => void res.type("css").send(CSS));
  router.use("/graphiql/assets/graphiql", express.static(folderOf("graphiql/package.json"), assets));
  router.use("/graphiql/assets/react", express.static(`${folderOf("react/package.json")}/umd`, assets));
  router.use("/graphiql/assets/react-dom", express.static(`${folderOf("react-dom/package.json")}/umd`, assets));
  return router;
}
