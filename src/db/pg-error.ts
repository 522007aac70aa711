interface PgErrorFields {
  code?: unknown;
  constraint_name?: unknown;
  constraint?: unknown;
  column_name?: unknown;
  column?: unknown;
}

/** The PostgreSQL error with this SQLSTATE in `error` or its causes (drizzle wraps the driver's in `cause`), else null. */
function pgError(error: unknown, sqlState: string): PgErrorFields | null {
  for (let current: unknown = error; current && typeof current === "object"; current = (current as { cause?: unknown }).cause) {
    if ((current as PgErrorFields).code === sqlState) return current as PgErrorFields;
  }
  return null;
}

/**
 * The constraint (or unique index) name when `error` is a PostgreSQL
 * unique-violation (SQLSTATE 23505), else null. postgres.js names it
 * `constraint_name`, PGlite `constraint`.
 */
export function uniqueViolation(error: unknown): string | null {
  const violation = pgError(error, "23505");
  return violation ? String(violation.constraint_name ?? violation.constraint ?? "") : null;
}

/** The column when `error` is a PostgreSQL not-null violation (SQLSTATE 23502), else null. postgres.js names it `column_name`, PGlite `column`. */
export function notNullViolation(error: unknown): string | null {
  const violation = pgError(error, "23502");
  return violation ? String(violation.column_name ?? violation.column ?? "") : null;
}
