// Relies on: drizzle-orm 0.45.4's postgres.js prepared query (PostgresJsPreparedQuery) reading its
// `prepare` field on every run to choose a named or unnamed statement. Breaks on upgrade if that
// field is renamed or read only once: pinned by test/platform/drizzle-prepared-statements.test.ts.

/**
 * A query built once whose statements are sent unnamed: PostgreSQL plans
 * each run and keeps nothing. drizzle decides naming when the query is
 * prepared; its postgres.js prepared query carries the decision as `prepare`
 * (PGlite's has no such flag and keeps nothing anyway).
 */
export function unnamed<Query extends object>(query: Query): Query {
  if ("prepare" in query) (query as { prepare: boolean }).prepare = false;
  return query;
}
