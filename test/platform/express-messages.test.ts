import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expressMessages } from "../../src/platform/express-messages";
import { registerWorkspace } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/app";

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
    messages.replaceAppPrototypes(app);
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
    messages.replaceAppPrototypes(express());
    expect(() => messages.replaceAppPrototypes(express())).toThrow("already belong to an app");
  });
});

/** A response of a bare node:http server, after its answer: what Node itself gives every response. */
async function bareNodeResponse(): Promise<ServerResponse> {
  let seen: ServerResponse | undefined;
  const server = createServer((_req, res) => {
    seen = res;
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)).text();
  await new Promise((resolve) => server.close(resolve));
  return seen!;
}

describe("the API's server", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it("creates every request with the app's prototype already in place, gives no request or response an accessor of its own, and no response a closure", async () => {
    const seen: boolean[] = [];
    const requests: { req: IncomingMessage; prototype: object; res: ServerResponse }[] = [];
    const watch = (req: IncomingMessage, res: ServerResponse) => {
      seen.push(bornWithAppPrototype(req));
      requests.push({ req, prototype: Object.getPrototypeOf(req), res });
    };
    app.server.httpServer.prependListener("request", watch);
    const owner = await registerWorkspace(app);
    const rest = await app.rest("GET", `/api/v1/users/${owner.user.id}`, { token: owner.token });
    const graphql = await app.rest("POST", "/api/v1/graphql", { token: owner.token, body: { query: "{ me { id } }" } });
    expect(rest.status).toBe(200);
    expect(graphql.body.data.me.id).toBe(owner.user.id);
    const compressed = await fetch(`${app.url}/api/v1/graphql`, {
      method: "POST",
      headers: { authorization: `Bearer ${owner.token}`, "content-type": "application/json", "accept-encoding": "gzip" },
      body: JSON.stringify({ query: "{ __schema { types { name } } }" }),
    });
    expect(compressed.headers.get("content-encoding")).toBe("gzip");
    const schema = (await compressed.json()) as { data: { __schema: { types: unknown[] } } };
    expect(schema.data.__schema.types.length).toBeGreaterThan(20);
    app.server.httpServer.off("request", watch);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.every(Boolean)).toBe(true);
    // An accessor defined on a request, like a switched prototype, kept it alive after its answer.
    // So did the closures that the `compression` middleware assigned to each response.
    const ownProperties = (message: object, kind: (property: PropertyDescriptor) => boolean) => {
      const properties = Object.getOwnPropertyDescriptors(message) as Record<PropertyKey, PropertyDescriptor>;
      return Reflect.ownKeys(properties).filter((key) => kind(properties[key]!)).map(String);
    };
    const ownAccessors = (message: object) => ownProperties(message, (property) => Boolean(property.get || property.set));
    const ownFunctions = (message: object) => ownProperties(message, (property) => typeof property.value === "function");
    const nodeOwn = ownFunctions(await bareNodeResponse());
    for (const { req, prototype, res } of requests) {
      expect(Object.getPrototypeOf(req)).toBe(prototype);
      expect(ownAccessors(req)).toEqual([]);
      expect(ownAccessors(res)).toEqual([]);
      expect(ownFunctions(res)).toEqual(nodeOwn);
    }
  });
});
