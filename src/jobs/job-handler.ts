import type { Logger } from "pino";

export interface JobContext {
  id: number;
  /** This attempt, counting from 1. */
  attempt: number;
  maxAttempts: number;
  log: Logger;
  /** Aborted when the worker stops (after its stop timeout) or loses this claim; a handler that gives up throws. */
  signal: AbortSignal;
}

/** What runs the jobs of one name. A throw is a failed attempt; returning is success. */
export interface JobHandler<Payload = any> {
  name: string;
  /** How long a claim holds before another worker may take the job (renewed while it runs). */
  leaseMs?: number;
  /** Delay before attempt `attempt + 1` after attempt `attempt` failed; default: exponential with jitter. */
  backoffMs?(attempt: number): number;
  run(payload: Payload, job: JobContext): Promise<void>;
  /** Called once when the job is parked as failed (its last attempt failed, or its worker died during it). */
  parked?(payload: Payload, reason: string): Promise<void>;
}

/** Why a job's signal was aborted; the attempt does not count. */
export class JobInterrupted extends Error {}

/** Thrown by a handler to choose the delay before its next attempt (a `Retry-After`, a schedule); still a failed attempt. */
export class RetryJob extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

const BASE_MS = 1000;
const CAP_MS = 3_600_000;

/** Full jitter (a random delay up to the exponential bound), so jobs that failed together do not retry together. */
export const defaultBackoffMs = (attempt: number) => Math.random() * Math.min(CAP_MS, BASE_MS * 2 ** (attempt - 1));
