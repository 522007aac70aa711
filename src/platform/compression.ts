// Relies on: Express 5.3.0's `res.send` handing the whole body to `res.end` (as `res.json` does) and
// Node's ServerResponse `end(chunk, encoding, cb)` forms, on Node 20 and 24. Breaks on upgrade if
// Express streams bodies itself or Node changes `end`: pinned by test/platform/compression.test.ts.

import { ServerResponse } from "node:http";
import { promisify } from "node:util";
import { brotliCompress, constants, deflate, gzip } from "node:zlib";
import type { Express, Response } from "express";
import Negotiator from "negotiator";

const SUPPORTED_ENCODINGS = ["br", "gzip", "deflate", "identity"];
/** On a tie in the client's preferences. */
const PREFERRED_ENCODINGS = ["br", "gzip"];
/** What the API sends: JSON (`application/json`, `…+json`) and text (metrics, plain errors, the development landing page). */
const COMPRESSIBLE_TYPE = /^\s*(?:text\/|application\/(?:[\w.-]+\+)?json\s*(?:;|$))/i;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

const brotli = promisify(brotliCompress);
const encoders: Record<string, (body: Buffer) => Promise<Buffer>> = {
  // Quality 4 of 11: at the default, brotli costs many times gzip's CPU for a few percent fewer bytes.
  br: (body) => brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  gzip: promisify(gzip),
  deflate: promisify(deflate),
};

const ENCODING = Symbol("compressing");
type Compressible = Response & { [ENCODING]?: true };
type End = (this: ServerResponse, ...args: unknown[]) => ServerResponse;
const sendEnd = ServerResponse.prototype.end as End;

const textEncoding = (encoding: unknown): BufferEncoding => (typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");

/** The length in bytes of a body handed to `end`; -1 for none. Measured without copying it. */
function sizeOf(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === "string") return Buffer.byteLength(chunk, textEncoding(encoding));
  return chunk instanceof Uint8Array ? chunk.byteLength : -1;
}

/** A body that `sizeOf` measured, as bytes. */
const bodyOf = (chunk: string | Uint8Array, encoding: unknown): Buffer =>
  typeof chunk === "string" ? Buffer.from(chunk, textEncoding(encoding)) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/** `end`'s callback, whichever of `end(cb)`, `end(chunk, cb)` and `end(chunk, encoding, cb)` was used. */
function callbackOf(...args: unknown[]): (() => void) | undefined {
  return args.findLast((argument) => typeof argument === "function") as (() => void) | undefined;
}

function transformable(res: Response): boolean {
  const type = res.getHeader("content-type");
  const cacheControl = res.getHeader("cache-control");
  return typeof type === "string" && COMPRESSIBLE_TYPE.test(type) && !(typeof cacheControl === "string" && NO_TRANSFORM.test(cacheControl));
}

/**
 * Compresses the app's response bodies with br, gzip or deflate, as the
 * request's `Accept-Encoding` prefers (br, then gzip, on a tie), when they
 * are at least `thresholdBytes` long and of a compressible type not marked
 * `Cache-Control: no-transform`. Compressible responses, and 304s, carry
 * `Vary: Accept-Encoding` whatever their size. 204s, 304s and HEADs have no
 * body and are left alone. Encoding runs on libuv's thread pool.
 *
 * It is the `end` of the app's response prototype, where Express's
 * `res.send` (and so `res.json`) hands over the whole body: every answer of
 * this API. Bodies written piecewise with `res.write`, or after an explicit
 * `writeHead`, go out as they are; the API does neither.
 *
 * The head is fixed when `end` is called, as Node fixes it: status and
 * headers are stored (the encoded length not being known yet, the body goes
 * out chunked), so `headersSent` is true from then on and an error handler
 * that runs afterwards sees an answered request. A later `end` only waits
 * for the first.
 *
 * Not the `compression` middleware: its five closures per response kept each
 * response alive past its answer; a prototype method adds nothing to one
 * (docs/decisions/003-compression.md).
 */
export function compressResponses(app: Express, thresholdBytes: number): void {
  function end(this: Compressible, chunk?: unknown, encoding?: unknown, callback?: unknown): Compressible {
    if (this[ENCODING]) {
      const done = callbackOf(chunk, encoding, callback);
      if (done) this.once("finish", done);
      return this;
    }
    if (this.statusCode === 304 && !this.headersSent) this.vary("Accept-Encoding");
    if (this.headersSent || typeof chunk === "function" || !transformable(this)) return sendEnd.call(this, chunk, encoding, callback) as Compressible;
    this.vary("Accept-Encoding");
    if (sizeOf(chunk, encoding) < thresholdBytes || this.req.method === "HEAD" || this.hasHeader("content-encoding") || this.destroyed) {
      return sendEnd.call(this, chunk, encoding, callback) as Compressible;
    }
    const method = new Negotiator(this.req).encoding(SUPPORTED_ENCODINGS, { preferred: PREFERRED_ENCODINGS });
    const encode = method && encoders[method];
    if (!encode) return sendEnd.call(this, chunk, encoding, callback) as Compressible;
    this[ENCODING] = true;
    this.setHeader("Content-Encoding", method);
    this.removeHeader("Content-Length");
    this.writeHead(this.statusCode);
    const done = callbackOf(chunk, encoding, callback);
    encode(bodyOf(chunk as string | Uint8Array, encoding))
      .then((encoded) => sendEnd.call(this, encoded, done))
      // zlib fails on a buffer in memory only when memory runs out; the head already names the encoding.
      .catch((error: unknown) => this.destroy(error as Error));
    return this;
  }
  Object.defineProperty(app.response, "end", { value: end, writable: true, configurable: true });
}
