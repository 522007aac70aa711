import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expressMessages } from "../src/http/express-messages";
import { registerWorkspace } from "./helpers/factories";
import { startTestApp, type TestApp } from "./helpers/app";

/** Whether a request was born with its app's prototype, seen before Express touches it. */
const bornWithAppPrototype = (req: IncomingMessage) => Object.hasOwn(Object.getPrototypeOf(req), "app");

describe("requests and responses of an Express app", () => {
  const servers: Server[] = [];
  const births: { app: string; withAppPrototype: boolean }[] = [];

  async function serve(name: string): Promise<string> {
    const messages = expressMessages();
    const server = createServer({ IncomingMessage: messages.IncomingMessage, ServerResponse: messages.ServerResponse });
    const app = express();
    app.set("name", name);
    app.get("/", (req, res) => {
      res.status(201).json({ app: req.app.get("name"), host: req.get("host"), sameResponseApp: res.app === req.app });
    });
    messages.adopt(app);
    server.on("request", (req: IncomingMessage) =>
      births.push({ app: name, withAppPrototype: Object.getPrototypeOf(req) === app.request && bornWithAppPrototype(req) }),
    );
    server.on("request", app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

  it("are born with the app's prototypes, each server's with its own app's", async () => {
    const [first, second] = [await serve("first"), await serve("second")];
    for (const [url, name] of [[first, "first"], [second, "second"], [first, "first"]] as const) {
      const response = await fetch(url);
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({ app: name, host: new URL(url).host, sameResponseApp: true });
    }
    expect(births).toEqual([
      { app: "first", withAppPrototype: true },
      { app: "second", withAppPrototype: true },
      { app: "first", withAppPrototype: true },
    ]);
  });

  it("belong to one app", () => {
    const messages = expressMessages();
    messages.adopt(express());
    expect(() => messages.adopt(express())).toThrow("already belong to an app");
  });
});

describe("the API's server", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it("creates every request with the app's prototype already in place, and gives none an accessor of its own", async () => {
    const seen: boolean[] = [];
    const requests: { req: IncomingMessage; prototype: object }[] = [];
    const watch = (req: IncomingMessage) => {
      seen.push(bornWithAppPrototype(req));
      requests.push({ req, prototype: Object.getPrototypeOf(req) });
    };
    app.server.httpServer.prependListener("request", watch);
    const owner = await registerWorkspace(app);
    const rest = await app.rest("GET", `/api/v1/users/${owner.user.id}`, { token: owner.token });
    const graphql = await app.rest("POST", "/api/v1/graphql", { token: owner.token, body: { query: "{ me { id } }" } });
    expect(rest.status).toBe(200);
    expect(graphql.body.data.me.id).toBe(owner.user.id);
    app.server.httpServer.off("request", watch);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.every(Boolean)).toBe(true);
    // An accessor defined on a request, like a switched prototype, kept it alive after its answer.
    for (const { req, prototype } of requests) {
      expect(Object.getPrototypeOf(req)).toBe(prototype);
      expect(Object.values(Object.getOwnPropertyDescriptors(req)).filter((property) => property.get || property.set)).toEqual([]);
    }
  });
});
