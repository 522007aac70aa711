import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { launchChromium } from "../helpers/browser";

describe("GraphiQL in a browser", () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchChromium()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("opens from the endpoint, loads the schema, and asks nothing of any other host", async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on("request", (request) => void requested.push(request.url()));
    const errors: string[] = [];
    page.on("pageerror", (error) => void errors.push(error.message));
    const introspection = page.waitForResponse((response) => response.url().endsWith("/api/v1/graphql") && response.request().method() === "POST");
    await page.goto(`${app.url}/api/v1/graphql`);
    expect(page.url()).toBe(`${app.url}/graphiql`);
    expect((await introspection).status()).toBe(200);
    await page.waitForSelector(".graphiql-container");
    expect(errors).toEqual([]);
    expect(requested.filter((url) => !url.startsWith(app.url))).toEqual([]);
  });
});
