/**
 * The paced load generator's process (see paced-load.ts): options as JSON
 * in argv[2], the result as JSON on stdout.
 */
import { Agent, request as httpRequest } from "node:http";
import { performance } from "node:perf_hooks";
import { quantile } from "./load";
import type { PacedLoadOptions, PacedLoadResult } from "./paced-load";
import type { HttpRequest } from "./scenarios";

const TIMEOUT_MS = 10_000;

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

async function run(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const base = new URL(options.url);
  const interval = 1000 / options.rate;
  const total = Math.floor(options.rate * options.seconds);
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let expected = 0;
  let unexpected = 0;
  let sent = 0;
  let lateness = 0;
  const start = performance.now();
  await new Promise<void>((done) => {
    const sendDue = () => {
      const now = performance.now();
      if (sent < total) lateness = Math.max(lateness, now - (start + sent * interval));
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
    maxSendLatenessMs: lateness,
  };
}

process.stdout.write(JSON.stringify(await run(JSON.parse(process.argv[2]!))));
