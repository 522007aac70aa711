const PARAMS = /\nparams:[\s\S]*?(?=\n\s+at |$)/;

/**
 * What of an error may be logged. Database errors carry the statement's
 * parameter values (password hashes, emails, search terms) in their message
 * and stack, and PostgreSQL's `detail` echoes key values; both are cut. The
 * SQL text itself holds only placeholders and stays, as do SQLSTATE codes
 * and constraint names.
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const source = error as Error & { code?: unknown; constraint_name?: unknown; constraint?: unknown; cause?: unknown };
  const constraint = source.constraint_name ?? source.constraint;
  return {
    type: error.name,
    message: error.message.replace(PARAMS, "\nparams: [redacted]"),
    ...(typeof source.code === "string" ? { code: source.code } : {}),
    ...(typeof constraint === "string" ? { constraint } : {}),
    ...(error.stack ? { stack: error.stack.replace(PARAMS, "\nparams: [redacted]") } : {}),
    ...(source.cause && depth < 3 ? { cause: serializeError(source.cause, depth + 1) } : {}),
  };
}
