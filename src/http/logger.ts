import pino, { type DestinationStream, type Logger } from "pino";
import { serializeError } from "./error-serializer";
import { redactSecrets } from "./log-redaction";

/**
 * JSON logs with an ISO `timestamp` (seed 000 §18). Credentials are redacted
 * wherever they might appear (log-redaction.ts).
 *
 * By default lines go to stdout in batches of at least 4 KiB, and at least
 * once a second: a blocking write per request line was a few percent of a
 * request's time. pino flushes what is pending when the process exits.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }), log: redactSecrets },
      serializers: { err: (error: unknown) => serializeError(error) },
    },
    destination ?? pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000 }),
  );
}
