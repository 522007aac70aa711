// Relies on: drizzle-orm 0.45.4's prepared queries exposing `fields`, `joinsNotNullableMap` and a
// writable `customResultMapper`, and SQL fields' `decoder`; none is public API. Breaks on upgrade
// if they move: pinned by test/platform/drizzle-row-mapper.test.ts.

import { Column, is, SQL } from "drizzle-orm";

interface SelectedField {
  path: string[];
  field: unknown;
}

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

interface MappedQuery {
  fields?: SelectedField[];
  /** Per table of the query, whether its rows are always there (false for outer-joined tables). */
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: (rows: unknown[][]) => unknown[];
}

/** The decoder drizzle's own mapper would use (an `sql` field's is internal to drizzle's types). */
function decoderOf(field: unknown): Decoder | null {
  if (is(field, Column)) return field;
  if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder;
  if (is(field, SQL.Aliased)) return (field.sql as unknown as { decoder: Decoder }).decoder;
  return null;
}

/**
 * Gives a prepared select a row mapper worked out once. drizzle's own
 * mapper works out, for every value of every row, what kind of field it is
 * (a walk up the class chain) and where in the result it goes
 * (docs/decisions/007-compiled-row-mapper.md).
 * Values are decoded exactly as drizzle decodes them, by each field's own
 * decoder. Taken: plain columns and one level of nesting
 * (`{ row: columns, total: sql }`). Left to drizzle: deeper nesting and
 * outer joins, whose objects drizzle turns into null when the joined row is
 * missing.
 */
export function withCompiledRowMapper<Query extends object>(query: Query): Query {
  const mapped = query as MappedQuery;
  const fields = mapped.fields;
  if (!fields || mapped.customResultMapper) return query;
  if (fields.some((field) => field.path.length > 2)) return query;
  if (Object.values(mapped.joinsNotNullableMap ?? {}).some((always) => !always)) return query;
  const decoders = fields.map((field) => decoderOf(field.field));
  if (decoders.some((decoder) => decoder === null)) return query;
  const outer = fields.map((field) => field.path[0]!);
  const inner = fields.map((field) => field.path[1]);
  mapped.customResultMapper = (rows) =>
    rows.map((row) => {
      const result: Record<string, unknown> = {};
      for (let index = 0; index < outer.length; index++) {
        const value = row[index] === null ? null : decoders[index]!.mapFromDriverValue(row[index]);
        const key = inner[index];
        if (key === undefined) result[outer[index]!] = value;
        else ((result[outer[index]!] ??= {}) as Record<string, unknown>)[key] = value;
      }
      return result;
    });
  return query;
}

/** `withCompiledRowMapper` for a query, or for each query of a record of them. */
export function withCompiledRowMappers<Built extends object>(built: Built): Built {
  if ("fields" in built) return withCompiledRowMapper(built);
  for (const member of Object.values(built)) if (member && typeof member === "object" && "fields" in member) withCompiledRowMapper(member);
  return built;
}
