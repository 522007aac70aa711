/**
 * One timed load run with autocannon, driven from this process. Latency
 * percentiles come from every response's own time: autocannon's summary
 * has p50, p90, p97.5 and p99, but the goals are stated at p95.
 */
import autocannon from "autocannon";
import type { HttpRequest } from "./scenarios";

export interface LoadResult {
  /** Responses with the expected status, per second. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Responses with another status, plus connection errors and timeouts. */
  errors: number;
  responses: number;
}

export interface LoadOptions {
  url: string;
  requests: HttpRequest[];
  status: number;
  connections: number;
  seconds: number;
}

/** The q-quantile of sorted latencies; NaN for none. */
export const quantile = (sorted: Float64Array, q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN);

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let expected = 0;
  let unexpected = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        requests: options.requests,
      },
      (error, result) => {
        if (error) return reject(error);
        const sorted = Float64Array.from(latencies).sort();
        resolve({
          rps: expected / result.duration,
          p50: quantile(sorted, 0.5),
          p95: quantile(sorted, 0.95),
          p99: quantile(sorted, 0.99),
          errors: unexpected + result.errors,
          responses: latencies.length,
        });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode === options.status) expected++;
      else unexpected++;
    });
  });
}
