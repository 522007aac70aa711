import pino, { type DestinationStream, type Logger } from "pino";
import { serializeError } from "./error-serializer";
import { redactSecrets } from "./log-redaction";

/**
 * JSON logs with an ISO `timestamp` (seed 000 §18). Credentials are redacted
 * wherever they might appear (log-redaction.ts).
 *
 * By default lines go to stdout in batches of at least 4 KiB, and at least
 * once a second; pino flushes what is pending when the process exits. A
 * blocking write per request line cost too much
 * (docs/decisions/014-log-redaction-formatter.md).
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
