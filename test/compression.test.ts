import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync, gzipSync } from "node:zlib";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compressResponses } from "../src/http/compression";

/** Responses the API itself never sends; what it does send is covered in http-semantics.test.ts. */
describe("compressResponses", () => {
  const big = { items: Array.from({ length: 100 }, (_, index) => ({ index, name: `item ${index}` })) };
  const text = JSON.stringify(big);
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    compressResponses(app, 1024);
    app.get("/no-transform", (_req, res) => void res.set("cache-control", "no-transform").json(big));
    app.get("/binary", (_req, res) => void res.type("png").send(Buffer.alloc(4096, 7)));
    app.get("/encoded", (_req, res) => void res.set("content-encoding", "gzip").type("json").send(gzipSync(text)));
    app.get("/twice", (_req, res) => {
      res.json(big);
      res.end("second");
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const get = (path: string): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      httpRequest(`${url}${path}`, { headers: { "accept-encoding": "gzip" } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      })
        .on("error", reject)
        .end();
    });

  it("leaves responses marked no-transform as they are, without Vary", async () => {
    const response = await get("/no-transform");
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.headers.vary).toBeUndefined();
    expect(response.body.toString()).toBe(text);
  });

  it("leaves types it cannot shrink alone", async () => {
    const response = await get("/binary");
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.body.length).toBe(4096);
  });

  it("does not encode a body twice", async () => {
    const response = await get("/encoded");
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(response.body).toString()).toBe(text);
  });

  it("answers with the first body when end is called again while encoding", async () => {
    const response = await get("/twice");
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(Number(response.headers["content-length"])).toBe(response.body.length);
    expect(gunzipSync(response.body).toString()).toBe(text);
  });
});
