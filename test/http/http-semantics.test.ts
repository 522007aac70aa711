import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { etagOf } from "../../src/rest-bridge/etag";
import { single } from "../../src/rest-bridge/mapping";
import { allowedMethods, withPatchForPut } from "../../src/rest-bridge/methods";
import type { RestRoute } from "../../src/rest-bridge/route";
import { routeTable } from "../../src/rest-bridge/route-table";
import { startTestApp, type TestApp } from "../helpers/app";
import { createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";

let app: TestApp;
let owner: SignedIn;
let project: { id: string; key: string };
let issue: { id: string; key: string };

beforeAll(async () => {
  app = await startTestApp();
  owner = await registerWorkspace(app);
  project = await createProject(app, owner);
  issue = await createIssue(app, owner, project.id, { description: "A description long enough to make lists worth compressing." });
  for (let index = 0; index < 5; index += 1) await createIssue(app, owner, project.id, { summary: `Filler issue ${index}` });
});
afterAll(() => app.stop());

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Over node:http, because fetch decodes compressed bodies and hides Content-Length. */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${app.url}${path}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

const auth = () => ({ authorization: `Bearer ${owner.token}` });
const ETAG = /^W\/"[A-Za-z0-9_-]{27}"$/;

describe("ETag and conditional GET", () => {
  it("labels issue, project and list GETs with a stable ETag and per-user caching", async () => {
    for (const path of [`/api/v1/issues/${issue.id}`, `/api/v1/projects/${project.id}`, `/api/v1/issues?project_id=${project.id}`]) {
      const first = await app.rest("GET", path, { token: owner.token });
      const second = await app.rest("GET", path, { token: owner.token });
      expect(first.status).toBe(200);
      expect(first.headers.get("etag")).toMatch(ETAG);
      expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
      expect(second.body.meta.request_id).not.toBe(first.body.meta.request_id);
      expect(first.headers.get("cache-control")).toBe("private, no-cache");
    }
  });

  it("is the reusable computation over data and pagination", async () => {
    const response = await app.rest("GET", `/api/v1/issues?project_id=${project.id}`, { token: owner.token });
    expect(response.headers.get("etag")).toBe(etagOf({ data: response.body.data, pagination: response.body.pagination }));
  });

  it("answers 304 without a body when If-None-Match names it: exactly, in a list, weakly, or as *", async () => {
    const path = `/api/v1/issues/${issue.id}`;
    const etag = (await app.rest("GET", path, { token: owner.token })).headers.get("etag")!;
    for (const ifNoneMatch of [etag, `"other", ${etag}`, etag.slice(2), "*"]) {
      const response = await raw("GET", path, { ...auth(), "if-none-match": ifNoneMatch });
      expect(response.status, ifNoneMatch).toBe(304);
      expect(response.body.length).toBe(0);
      expect(response.headers.etag).toBe(etag);
      expect(response.headers["cache-control"]).toBe("private, no-cache");
    }
    const other = await app.rest("GET", path, { token: owner.token, headers: { "if-none-match": 'W/"something-else"' } });
    expect(other.status).toBe(200);
    expect(other.body.data.id).toBe(issue.id);
  });

  it("changes when the resource changes", async () => {
    const path = `/api/v1/issues/${issue.id}`;
    const before = (await app.rest("GET", path, { token: owner.token })).headers.get("etag")!;
    const patched = await app.rest("PATCH", path, { token: owner.token, body: { priority: "Low" } });
    expect(patched.status).toBe(200);
    const after = await app.rest("GET", path, { token: owner.token, headers: { "if-none-match": before } });
    expect(after.status).toBe(200);
    expect(after.body.data.priority).toBe("Low");
    expect(after.headers.get("etag")).toMatch(ETAG);
    expect(after.headers.get("etag")).not.toBe(before);
  });

  it("is not given to errors", async () => {
    const missing = await app.rest("GET", "/api/v1/issues/00000000-0000-4000-8000-000000000000", { token: owner.token, headers: { "if-none-match": "*" } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("etag")).toBeNull();
    expect(missing.headers.get("cache-control")).toBeNull();
  });
});

describe("PATCH beside PUT", () => {
  it("is answered on every path of the table that answers PUT", () => {
    const methods = allowedMethods(routeTable);
    const putPaths = routeTable.filter((route) => route.method === "PUT").map((route) => route.path);
    expect(putPaths.length).toBeGreaterThan(0);
    for (const path of putPaths) expect(methods.get(path), path).toContain("PATCH");
  });

  it("updates issues and projects with the PUT operation", async () => {
    const issuePatch = await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: owner.token, body: { summary: "Patched summary" } });
    expect(issuePatch.status).toBe(200);
    expect(issuePatch.body.data).toMatchObject({ id: issue.id, summary: "Patched summary", issue_type: "Bug" });
    const projectPatch = await app.rest("PATCH", `/api/v1/projects/${project.id}`, { token: owner.token, body: { description: "Patched" } });
    expect(projectPatch.status).toBe(200);
    expect(projectPatch.body.data).toMatchObject({ id: project.id, key: project.key, description: "Patched" });
    const put = await app.rest("PUT", `/api/v1/projects/${project.id}`, { token: owner.token, body: { description: "Put" } });
    expect(put.body.data.description).toBe("Put");
  });

  it("leaves a path's own PATCH in place", () => {
    const put: RestRoute = { method: "PUT", path: "/things/:id", operation: "mutation { a }", respond: single("a") };
    const patch: RestRoute = { ...put, method: "PATCH", operation: "mutation { b }" };
    expect(withPatchForPut([put, patch])).toEqual([put, patch]);
    expect(withPatchForPut([put])).toEqual([put, { ...put, method: "PATCH" }]);
  });
});

describe("HEAD", () => {
  it("answers a GET route with its status and headers and no body", async () => {
    const path = `/api/v1/issues/${issue.id}`;
    const get = await raw("GET", path, auth());
    const head = await raw("HEAD", path, auth());
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers.etag).toBe(get.headers.etag);
    expect(head.headers["content-length"]).toBe(String(get.body.length));
    expect(head.headers["content-type"]).toMatch(/^application\/json/);
    expect(head.headers["cache-control"]).toBe("private, no-cache");
    const notModified = await raw("HEAD", path, { ...auth(), "if-none-match": get.headers.etag! });
    expect(notModified.status).toBe(304);
  });

  it("needs the token the GET needs", async () => {
    const response = await raw("HEAD", `/api/v1/issues/${issue.id}`);
    expect(response.status).toBe(401);
    expect(response.body.length).toBe(0);
    expect(response.headers.etag).toBeUndefined();
  });
});

describe("OPTIONS and Allow", () => {
  it("answers 204 with the methods of the path", async () => {
    const cases: Record<string, string> = {
      [`/api/v1/issues/${issue.id}`]: "GET, HEAD, PUT, PATCH, DELETE, OPTIONS",
      "/api/v1/issues": "GET, HEAD, POST, OPTIONS",
      "/api/v1/auth/login": "POST, OPTIONS",
      [`/api/v1/projects/${project.id}/members/${owner.user.id}`]: "PUT, PATCH, DELETE, OPTIONS",
    };
    for (const [path, allow] of Object.entries(cases)) {
      const response = await raw("OPTIONS", path);
      expect(response.status, path).toBe(204);
      expect(response.headers.allow, path).toBe(allow);
      expect(response.body.length).toBe(0);
    }
  });

  it("lists the same methods in 405 answers", async () => {
    const response = await app.rest("DELETE", "/api/v1/issues", { token: owner.token });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect(response.body.error).toMatchObject({ code: "METHOD_NOT_ALLOWED", details: { allowed_methods: ["GET", "HEAD", "POST", "OPTIONS"] } });
  });

  it("answers 404 for a path that is not a route", async () => {
    expect((await raw("OPTIONS", "/api/v1/nowhere")).status).toBe(404);
  });

  it("leaves CORS preflights to the CORS policy", async () => {
    const preflight = await raw("OPTIONS", `/api/v1/issues/${issue.id}`, {
      origin: "http://localhost:5173",
      "access-control-request-method": "PATCH",
      "access-control-request-headers": "authorization, content-type",
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    expect(preflight.headers["access-control-allow-methods"]).toContain("PATCH");
    expect(preflight.headers["access-control-allow-headers"]).toBe("authorization, content-type");
    expect(preflight.headers.allow).toBeUndefined();
  });

  it("lets browsers read the ETag", async () => {
    const response = await raw("GET", `/api/v1/issues/${issue.id}`, { ...auth(), origin: "http://localhost:5173" });
    expect(response.headers["access-control-expose-headers"]).toContain("ETag");
  });
});

describe("compression", () => {
  const listPath = () => `/api/v1/issues?project_id=${project.id}`;

  it("encodes a list over 1 KB with gzip, br or deflate as asked", async () => {
    const identity = await raw("GET", listPath(), auth());
    expect(identity.headers["content-encoding"]).toBeUndefined();
    expect(identity.body.length).toBeGreaterThan(1024);
    const decoders = { gzip: gunzipSync, br: brotliDecompressSync, deflate: inflateSync };
    for (const [encoding, decode] of Object.entries(decoders)) {
      const response = await raw("GET", listPath(), { ...auth(), "accept-encoding": encoding });
      expect(response.status).toBe(200);
      expect(response.headers["content-encoding"]).toBe(encoding);
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(response.headers.etag).toBe(identity.headers.etag);
      expect(response.body.length).toBeLessThan(identity.body.length);
      // The encoded length is known only after the head is fixed.
      expect(response.headers["transfer-encoding"]).toBe("chunked");
      expect(JSON.parse(decode(response.body).toString()).data).toHaveLength(6);
    }
  });

  it("prefers br when both are accepted", async () => {
    const response = await raw("GET", listPath(), { ...auth(), "accept-encoding": "gzip, deflate, br" });
    expect(response.headers["content-encoding"]).toBe("br");
  });

  it("follows the client's weights and refusals", async () => {
    const cases: [string, string | undefined][] = [
      ["gzip;q=1, br;q=0.5", "gzip"],
      ["br;q=0.2, deflate", "deflate"],
      ["*", "br"],
      ["identity", undefined],
      ["gzip;q=0, br;q=0, deflate;q=0", undefined],
      ["compress", undefined],
    ];
    for (const [acceptEncoding, expected] of cases) {
      const response = await raw("GET", listPath(), { ...auth(), "accept-encoding": acceptEncoding });
      expect(response.status, acceptEncoding).toBe(200);
      expect(response.headers["content-encoding"], acceptEncoding).toBe(expected);
    }
  });

  it("leaves small bodies, HEADs and 304s alone", async () => {
    const small = await raw("GET", `/api/v1/issues/${issue.id}?fields=id`, { ...auth(), "accept-encoding": "gzip, br" });
    expect(small.status).toBe(200);
    expect(small.body.length).toBeLessThan(1024);
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.headers.vary).toMatch(/accept-encoding/i);
    const head = await raw("HEAD", listPath(), { ...auth(), "accept-encoding": "gzip" });
    expect(head.status).toBe(200);
    expect(head.headers["content-encoding"]).toBeUndefined();
    expect(head.body.length).toBe(0);
    const etag = (await raw("GET", listPath(), auth())).headers.etag!;
    const notModified = await raw("GET", listPath(), { ...auth(), "accept-encoding": "gzip", "if-none-match": etag });
    expect(notModified.status).toBe(304);
    expect(notModified.headers["content-encoding"]).toBeUndefined();
    expect(notModified.headers.vary).toMatch(/accept-encoding/i);
  });

  it("applies to GraphQL responses too", async () => {
    const body = JSON.stringify({ query: `query($id: ID!) { project(id: $id) { issues(first: 20) { nodes { id key summary description status priority createdAt } } } }`, variables: { id: project.id } });
    const response = await raw("POST", "/api/v1/graphql", { ...auth(), "content-type": "application/json", "accept-encoding": "gzip" }, body);
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(gunzipSync(response.body).toString()).data.project.issues.nodes).toHaveLength(6);
  });
});

describe("?fields=", () => {
  it("keeps only the named top-level fields of an object, in REST spelling", async () => {
    const response = await app.rest("GET", `/api/v1/issues/${issue.id}?fields=id,key,issue_type,project`, { token: owner.token });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ id: issue.id, key: issue.key, issue_type: "Bug", project: { id: project.id, key: project.key, name: expect.any(String) } });
    expect(response.body.meta).toEqual({ timestamp: expect.any(String), version: "v1", request_id: expect.any(String) });
  });

  it("keeps only the named fields of each item of a list, and the pagination", async () => {
    const response = await app.rest("GET", `/api/v1/issues?project_id=${project.id}&per_page=4&fields=id&fields=key, summary`, { token: owner.token });
    expect(response.status).toBe(200);
    expect(response.body.data).toHaveLength(4);
    for (const item of response.body.data) expect(Object.keys(item).sort()).toEqual(["id", "key", "summary"]);
    expect(response.body.pagination).toEqual({ page: 1, per_page: 4, total: 6, total_pages: 2 });
  });

  it("gives the narrowed answer its own ETag", async () => {
    const path = `/api/v1/projects/${project.id}`;
    const full = await app.rest("GET", path, { token: owner.token });
    const narrowed = await app.rest("GET", `${path}?fields=id,name`, { token: owner.token });
    expect(narrowed.headers.get("etag")).toMatch(ETAG);
    expect(narrowed.headers.get("etag")).not.toBe(full.headers.get("etag"));
  });

  it("refuses unknown names, naming each, even when the list is empty", async () => {
    const empty = await createProject(app, owner);
    for (const path of [`/api/v1/issues/${issue.id}`, `/api/v1/issues?project_id=${empty.id}`]) {
      const response = await app.rest("GET", `${path}${path.includes("?") ? "&" : "?"}fields=id,bogus,password_hash,bogus`, { token: owner.token });
      expect(response.status, path).toBe(400);
      expect(response.body.error).toMatchObject({ code: "VALIDATION_ERROR" });
      expect(response.body.error.details).toEqual([
        { field: "fields", code: "INVALID_ENUM_VALUE", message: "bogus is not a field of this resource" },
        { field: "fields", code: "INVALID_ENUM_VALUE", message: "password_hash is not a field of this resource" },
      ]);
    }
  });

  it("refuses malformed names and overlong lists", async () => {
    const base = `/api/v1/issues/${issue.id}?fields=`;
    for (const fields of ["issueType", "id,,key", "a".repeat(65), Array.from({ length: 51 }, () => "id").join(","), "id;drop"]) {
      const response = await app.rest("GET", `${base}${encodeURIComponent(fields)}`, { token: owner.token });
      expect(response.status, fields).toBe(400);
      expect(response.body.error.details).toEqual([expect.objectContaining({ field: "fields", code: "INVALID_FORMAT" })]);
    }
  });

  it("applies to GET routes only", async () => {
    const response = await app.rest("PATCH", `/api/v1/issues/${issue.id}?fields=bogus`, { token: owner.token, body: { priority: "High" } });
    expect(response.status).toBe(200);
    expect(response.body.data.priority).toBe("High");
  });
});
