/**
 * A load run at a fixed request rate, for "p95 at that rate" goals. A
 * closed loop (autocannon's N connections, each sending when its previous
 * answer arrives) makes latency follow from throughput: 50 connections at
 * 600 req/s wait 83 ms on average whatever the server does. Here requests
 * leave on a fixed schedule over at most `connections` keep-alive sockets,
 * and each latency runs from the request's scheduled time, so time spent
 * queued behind a slow answer counts instead of silently lowering the rate.
 *
 * Since a late send counts as the server's latency, the generator runs in
 * a fresh process of its own (paced-worker.ts), on the driver's core: the
 * driver's heap, grown by the closed-loop runs before, would otherwise
 * add its collections' pauses to the figures.
 */
import { execFileSync } from "node:child_process";
import { hasTaskset } from "../lib/processes";
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

export interface PacedLoadResult extends LoadResult {
  /** How far behind its schedule the generator fell at worst: a check on the generator, not the server. */
  maxSendLatenessMs: number;
}

const WORKER = new URL("./paced-worker.ts", import.meta.url).pathname;

export function runPacedLoad(options: PacedLoadOptions): PacedLoadResult {
  const args = ["--import", "tsx", WORKER, JSON.stringify(options)];
  const output = hasTaskset ? execFileSync("taskset", ["-c", "1", process.execPath, ...args]) : execFileSync(process.execPath, args);
  return JSON.parse(output.toString()) as PacedLoadResult;
}
