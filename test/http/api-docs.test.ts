import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";

describe("/docs", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  }, 60_000);
  afterAll(() => app.stop());

  it("serves Swagger UI over the OpenAPI document, every script and style from this server", async () => {
    const page = await fetch(`${app.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, source]) => source!);
    expect(sources).toEqual(["/docs/assets/swagger-ui.css", "/docs/assets/swagger-ui-bundle.js", "/docs/start.js"]);
    for (const source of sources) {
      const asset = await fetch(`${app.url}${source}`);
      expect(asset.status, source).toBe(200);
      expect(asset.headers.get("content-type")).toMatch(source.endsWith(".css") ? /text\/css/ : /javascript/);
      await asset.arrayBuffer();
    }
    expect(await (await fetch(`${app.url}/docs/start.js`)).text()).toContain('url: "/api/v1/openapi.json"');
  });

  it("is off in production unless API_DOCS is set, and then runs under the production CSP", async () => {
    const production = await startTestApp({ NODE_ENV: "production" });
    const enabled = await startTestApp({ NODE_ENV: "production", API_DOCS: "true" });
    try {
      expect((await fetch(`${production.url}/docs`)).status).toBe(404);
      expect((await fetch(`${production.url}/graphiql`)).status).toBe(404);
      const graphiql = await fetch(`${enabled.url}/graphiql`);
      expect(graphiql.status).toBe(200);
      expect(await graphiql.text()).not.toMatch(/<script>[^<]/);
      const page = await fetch(`${enabled.url}/docs`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self'(;|$)/);
      expect(await page.text()).not.toMatch(/<script>[^<]/);
    } finally {
      await Promise.all([production.stop(), enabled.stop()]);
    }
  });
});
