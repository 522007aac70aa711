import { eq, getTableColumns, sql } from "drizzle-orm";
import { alias, bigint, boolean, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../src/db/client";
import { withCompiledRowMapper, withCompiledRowMappers } from "../../src/platform/drizzle-row-mapper";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const samples = pgTable("row_mapper_samples", {
  id: uuid("id").primaryKey(),
  label: text("label"),
  tags: text("tags").array(),
  rank: integer("rank"),
  big: bigint("big", { mode: "number" }),
  amount: numeric("amount"),
  active: boolean("active"),
  data: jsonb("data"),
  at: timestamp("at", { withTimezone: true, mode: "date" }),
  atText: timestamp("at_text", { withTimezone: true, mode: "string" }),
});

const ROWS = [
  {
    id: "00000000-0000-4000-8000-000000000001",
    label: "plain",
    tags: ["a", "b,c", 'd"e'],
    rank: 7,
    big: 9007199254740991,
    amount: "12.50",
    active: true,
    data: { nested: { list: [1, "two", null] }, flag: false },
    at: new Date("2026-01-02T03:04:05.678Z"),
    atText: "2026-01-02 03:04:05.678+00",
  },
  { id: "00000000-0000-4000-8000-000000000002", label: null, tags: null, rank: null, big: null, amount: null, active: null, data: null, at: null, atText: null },
];

const mapperOf = (query: object) => (query as { customResultMapper?: unknown }).customResultMapper;

describe("compiled row mapper", () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
    handle = database.handle ?? (await openDatabase({ url: database.url, dataDir: "memory://", poolMax: 1 }));
    await handle.db.execute(sql`create temporary table row_mapper_samples (id uuid primary key, label text, tags text[], rank integer, big bigint,
      amount numeric, active boolean, data jsonb, at timestamptz, at_text timestamptz)`);
    await handle.db.insert(samples).values(ROWS);
  });
  afterAll(async () => {
    if (!database.handle) await handle.close();
    await database.drop();
  });

  const build = (name: string) =>
    handle.db
      .select({ ...getTableColumns(samples), shout: sql<string>`upper(${samples.label})`, count: sql<number>`${samples.rank} * 2`.mapWith(Number).as("doubled") })
      .from(samples)
      .where(sql`${samples.id} = any(${sql.placeholder("ids")}::uuid[])`)
      .orderBy(samples.id)
      .prepare(name);

  it("maps every kind of column exactly as drizzle's own mapper does, nulls included", async () => {
    const ids = ROWS.map((row) => row.id);
    const byDrizzle = await build("row_mapper_drizzle").execute({ ids });
    const compiled = withCompiledRowMapper(build("row_mapper_compiled"));
    expect(mapperOf(compiled)).toBeTypeOf("function");
    const byCompiled = await compiled.execute({ ids });
    expect(byCompiled).toEqual(byDrizzle);
    expect(byCompiled[0]!.at).toBeInstanceOf(Date);
    expect(byCompiled[0]).toMatchObject({ ...ROWS[0], at: ROWS[0]!.at, shout: "PLAIN", count: 14 });
    expect(Object.keys(byCompiled[0]!)).toEqual(Object.keys(byDrizzle[0]!));
  });

  it("maps one level of nesting over inner joins as drizzle does, and leaves outer joins and deeper nesting to drizzle", async () => {
    const other = alias(samples, "other");
    const nested = (name: string) =>
      handle.db
        .select({ row: { id: samples.id, at: samples.at, data: samples.data }, partner: { label: other.label }, total: sql<number>`count(*) over ()`.mapWith(Number) })
        .from(samples)
        .innerJoin(other, eq(other.id, samples.id))
        .orderBy(samples.id)
        .prepare(name);
    const compiled = withCompiledRowMappers({ page: nested("row_mapper_nested_compiled") }).page;
    expect(mapperOf(compiled)).toBeTypeOf("function");
    expect(await compiled.execute()).toEqual(await nested("row_mapper_nested_drizzle").execute());

    const outer = handle.db.select({ row: { id: samples.id }, partner: { label: other.label } }).from(samples).leftJoin(other, eq(other.id, samples.id)).prepare("row_mapper_outer");
    expect(mapperOf(withCompiledRowMapper(outer))).toBeUndefined();
    // drizzle's types allow one level; its runtime maps any depth.
    const deep = handle.db.select({ a: { b: { id: samples.id } } } as never).from(samples).prepare("row_mapper_deep");
    expect(mapperOf(withCompiledRowMapper(deep))).toBeUndefined();
  });
});
