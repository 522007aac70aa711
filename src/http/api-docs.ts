import { createRequire } from "node:module";
import express, { Router } from "express";

const require = createRequire(import.meta.url);
const SWAGGER_UI = (require("swagger-ui-dist") as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Project tracker REST API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/start.js"></script>
</body>
</html>
`;

// A file of its own, not an inline script, so the production Content-Security-Policy (script-src 'self') allows it.
const START = `window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#swagger-ui", deepLinking: true, persistAuthorization: true });\n`;

/** `/docs`: Swagger UI over the REST door's OpenAPI document, served from node_modules (nothing from a CDN). */
export function apiDocsRoutes(): Router {
  const router = Router();
  router.get("/docs", (_req, res) => void res.type("html").send(PAGE));
  router.get("/docs/start.js", (_req, res) => void res.type("js").send(START));
  router.use("/docs/assets", express.static(SWAGGER_UI, { index: false, maxAge: "1h" }));
  return router;
}
