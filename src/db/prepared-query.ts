import type { Database } from "./client";

const built = new WeakMap<Database, Map<string, unknown>>();

/**
 * A query that every request runs, built once per database handle with
 * `sql.placeholder` for its values and `.prepare(name)`. drizzle otherwise
 * rebuilds the SQL text from the query's parts on each run, which cost more
 * than mapping the rows for the statements every request makes (the session
 * check, the project and its member role, users by id). Inside a
 * transaction `db` is the transaction's, so its queries are built for it.
 */
export function preparedQuery<Query>(db: Database, name: string, build: (db: Database) => Query): Query {
  let queries = built.get(db);
  if (!queries) built.set(db, (queries = new Map()));
  let query = queries.get(name) as Query | undefined;
  if (!query) queries.set(name, (query = build(db)));
  return query;
}
