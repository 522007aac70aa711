/**
 * A load run at a fixed request rate, for "p95 at that rate" goals. A
 * closed loop (autocannon's N connections, each sending when its previous
 * answer arrives) makes latency follow from throughput: 50 connections at
 * 600 req/s wait 83 ms on average whatever the server does. Here requests
 * leave on a fixed schedule over at most `connections` keep-alive sockets,
 * and each latency runs from the request's scheduled time, so time spent
 * queued behind a slow answer counts instead of silently lowering the rate.
 */
import { Agent, request as httpRequest } from "node:http";
import { performance } from "node:perf_hooks";
import type { LoadResult } from "./load";
import type { HttpRequest } from "./scenarios";

export interface PacedLoadOptions {
  url: string;
  requests: HttpRequest[];
  status: number;
  /** Requests per second to send. */
  rate: number;
  connections: number;
  seconds: number;
}

const TIMEOUT_MS = 10_000;

const quantile = (sorted: Float64Array, q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN);

function sendOne(agent: Agent, base: URL, request: HttpRequest): Promise<number | null> {
  return new Promise((resolve) => {
    const outgoing = httpRequest(
      { agent, host: base.hostname, port: base.port, method: request.method, path: request.path, headers: request.headers, timeout: TIMEOUT_MS },
      (response) => {
        response.resume();
        response.once("end", () => resolve(response.statusCode ?? null));
        response.once("error", () => resolve(null));
      },
    );
    outgoing.once("timeout", () => outgoing.destroy());
    outgoing.once("error", () => resolve(null));
    outgoing.end(request.body);
  });
}

export async function runPacedLoad(options: PacedLoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const base = new URL(options.url);
  const interval = 1000 / options.rate;
  const total = Math.floor(options.rate * options.seconds);
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let expected = 0;
  let unexpected = 0;
  let sent = 0;
  const start = performance.now();
  await new Promise<void>((done) => {
    const sendDue = () => {
      const now = performance.now();
      for (; sent < total && start + sent * interval <= now; sent++) {
        const scheduled = start + sent * interval;
        const request = options.requests[sent % options.requests.length]!;
        pending.push(
          sendOne(agent, base, request).then((status) => {
            if (status === options.status) {
              expected++;
              latencies.push(performance.now() - scheduled);
            } else unexpected++;
          }),
        );
      }
      if (sent >= total) return done();
      setTimeout(sendDue, Math.max(0, start + sent * interval - performance.now()));
    };
    sendDue();
  });
  await Promise.all(pending);
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    rps: expected / options.seconds,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    errors: unexpected,
    responses: latencies.length,
  };
}
