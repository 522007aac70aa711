import type { Sql } from "postgres";

/**
 * The postgres.js client with every query of drizzle's prepared as a named
 * statement per connection. drizzle asks postgres.js for unnamed statements
 * unless a query is built with `.prepare(name)`, and postgres.js then sends
 * each parameterised statement in two round trips (parse and describe, then
 * bind and execute) and PostgreSQL plans it afresh each time. Named, a
 * statement is parsed once per connection and later runs take one round
 * trip. The cache grows by statement text, which is bounded because lists of
 * values go in one array parameter (`anyOf`), and it is dropped with the
 * connection when postgres.js recycles it (`max_lifetime`).
 *
 * Transactions and savepoints hand drizzle a client of their own; those are
 * wrapped the same way.
 */
export function preparingClient(client: Sql): Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, parameters?: unknown[], options?: object) =>
          target.unsafe(query, parameters as never, { ...options, prepare: true });
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const body = args.pop() as (scoped: Sql) => unknown;
          const open = Reflect.get(target, property) as (...rest: unknown[]) => unknown;
          return open.apply(target, [...args, (scoped: Sql) => body(preparingClient(scoped))]);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
