import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync, gzipSync } from "node:zlib";
import express, { type NextFunction, type Request, type Response } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compressResponses } from "../../src/platform/compression";

/** Responses the API itself never sends; what it does send is covered in http-semantics.test.ts. */
describe("compressResponses", () => {
  const big = { items: Array.from({ length: 100 }, (_, index) => ({ index, name: `item ${index}` })) };
  const text = JSON.stringify(big);
  const finished: string[] = [];
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
      res.end("second", () => finished.push("second end's callback"));
    });
    app.get("/late-error", (_req, res) => {
      res.json(big);
      throw new Error("after the answer");
    });
    app.get("/callback", (_req, res) => {
      res.type("json").end(text, "utf8", () => finished.push("callback"));
    });
    // The API's own rule (error-response.ts): once the head is out, only end what was started.
    app.use((_error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      if (res.headersSent) return void res.end();
      res.status(500).json({ error: "late" });
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const get = (path: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      httpRequest(`${url}${path}`, { headers: { "accept-encoding": "gzip" } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
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

  it("answers with the first body when end is called again while encoding, and calls the later end's callback", async () => {
    const response = await get("/twice");
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(response.body).toString()).toBe(text);
    expect(finished).toContain("second end's callback");
  });

  it("fixes the status and headers when end is called, as Node does", async () => {
    const response = await get("/late-error");
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(gunzipSync(response.body).toString())).toEqual(big);
  });

  it("calls end's callback once the encoded body is out", async () => {
    const response = await get("/callback");
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(response.body).toString()).toBe(text);
    expect(finished).toContain("callback");
  });
});
