/**
 * The constraint (or unique index) name when `error` is a PostgreSQL
 * unique-violation (SQLSTATE 23505), else null. postgres.js names it
 * `constraint_name`, PGlite `constraint`; drizzle wraps both in `cause`.
 */
export function uniqueViolation(error: unknown): string | null {
  for (let current: unknown = error; current && typeof current === "object"; current = (current as { cause?: unknown }).cause) {
    const candidate = current as { code?: unknown; constraint_name?: unknown; constraint?: unknown };
    if (candidate.code === "23505") return String(candidate.constraint_name ?? candidate.constraint ?? "");
  }
  return null;
}
