const CENSOR = "[redacted]";

/** Keys whose values never reach a log line, wherever they sit in a logged object. */
const SECRET_KEYS = new Set([
  ...["authorization", "password", "passwordHash", "accessToken", "refreshToken", "access_token", "refresh_token", "privateKey", "token"],
  // Webhook signing secrets, in clear or sealed.
  ...["secret", "secretCiphertext", "previousSecretCiphertext", "secret_ciphertext", "previous_secret_ciphertext"],
]);

/** Levels of nesting searched; deeper values are logged as they are. */
const MAX_DEPTH = 4;

const isPlain = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

function censored(value: unknown, depth: number): unknown {
  if (depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const clean = censored(item, depth + 1);
      if (clean !== item) (copy ??= [...value])[index] = clean;
    });
    return copy ?? value;
  }
  if (!isPlain(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    const item = value[key];
    const clean = SECRET_KEYS.has(key) && item !== undefined ? CENSOR : censored(item, depth + 1);
    if (clean !== item) (copy ??= { ...value })[key] = clean;
  }
  return copy ?? value;
}

/**
 * The object of a log line with every credential replaced by `[redacted]`:
 * a second line of defence, since nothing logs request bodies or headers on
 * purpose. Objects are copied only where something is replaced, so the
 * caller's are never changed and a line without secrets costs a walk of its
 * keys. pino's own `redact` option cloned and walked every line
 * (docs/decisions/014-log-redaction-formatter.md).
 * Errors are left to the `err` serializer (error-serializer.ts). A child
 * logger's bindings would not pass through here (pino formats only a
 * root's), so child loggers bind identifiers only (the job worker's).
 */
export const redactSecrets = (object: Record<string, unknown>): Record<string, unknown> => censored(object, 0) as Record<string, unknown>;
