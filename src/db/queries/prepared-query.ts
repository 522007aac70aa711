import type { Database } from "../client";

const built = new WeakMap<Database, Map<string, unknown>>();
const MAX_QUERIES_PER_DATABASE = 500;

/**
 * A query that every request runs, built once per database handle with
 * `sql.placeholder` for its values and `.prepare(name)`. drizzle otherwise
 * rebuilds the SQL text from the query's parts on each run, which cost more
 * than mapping the rows for the statements every request makes (the session
 * check, the project and its member role, users by id, pages, issue lists).
 * Inside a transaction `db` is the transaction's, so its queries are built
 * for it (docs/decisions/008-prepared-queries.md).
 *
 * `build` returns a query or a record of queries. It must take every value
 * from placeholders: what it captures is shared by every later caller of the
 * same name, whatever their tenant.
 *
 * `.prepare(name)` also makes postgres.js send a named statement, which
 * PostgreSQL parses and plans once per connection and keeps, with its
 * memory, for the connection's life. That is right for a fixed set of
 * statement texts. Where the text follows the request (filters, sorts),
 * callers pass the result through `unnamed` (platform/drizzle-unnamed-statement.ts), or each new combination a
 * client sends would stay on every connection.
 */
export function preparedQuery<Query>(db: Database, name: string, build: (db: Database) => Query): Query {
  let queries = built.get(db);
  if (!queries) built.set(db, (queries = new Map()));
  let query = queries.get(name) as Query | undefined;
  if (!query) {
    query = build(db);
    // Names built from request shapes (filters, sorts) are many but finite; past the cap, build each time.
    if (queries.size < MAX_QUERIES_PER_DATABASE) queries.set(name, query);
  }
  return query;
}
