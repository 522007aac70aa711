import { sql } from "drizzle-orm";
import { pgTable, text, uuid } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anyOf } from "../src/db/any-of";
import { openDatabase, type DatabaseHandle } from "../src/db/client";
import { createTestDatabase, type TestDatabase } from "./helpers/database";

const things = pgTable("things", { id: uuid("id").primaryKey(), label: text("label").notNull() });
const id = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
const LABELS = ["plain", "with,comma", 'with"quote', "with{brace}", "with\\backslash", "NULL"];

async function openOne(database: TestDatabase, preparedStatements: boolean): Promise<DatabaseHandle> {
  const handle = database.handle ?? (await openDatabase({ url: database.url, dataDir: "memory://", poolMax: 1, preparedStatements }));
  await handle.db.execute(sql`create temporary table if not exists things (id uuid primary key, label text not null)`);
  await handle.db.execute(sql`delete from things`);
  await handle.db.insert(things).values(LABELS.map((label, index) => ({ id: id(index), label })));
  return handle;
}

describe("anyOf", () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
    handle = await openOne(database, true);
  });
  afterAll(async () => {
    if (!database.handle) await handle.close();
    await database.drop();
  });

  const labelsOf = async (column: "id" | "label", values: string[]) =>
    (await handle.db.select({ label: things.label }).from(things).where(anyOf(things[column], values)).orderBy(things.id)).map((row) => row.label);

  it("matches rows whose column is any of the values, as one array parameter", async () => {
    expect(await labelsOf("id", [id(0), id(2), id(99)])).toEqual(["plain", 'with"quote']);
    expect(await labelsOf("id", [])).toEqual([]);
  });

  it("keeps commas, quotes, braces, backslashes and the word NULL inside text values", async () => {
    expect(await labelsOf("label", LABELS)).toEqual(LABELS);
    expect(await labelsOf("label", ["with", "comma"])).toEqual([]);
  });
});

describe.runIf(process.env.DATABASE_URL)("prepared statements on PostgreSQL", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  const prepared = async (handle: DatabaseHandle) =>
    Number(((await handle.db.execute(sql`select count(*) as value from pg_prepared_statements`)) as unknown as { value: string }[])[0]!.value);

  it("prepares each statement text once per connection, whatever the length of its value lists", async () => {
    const handle = await openOne(database, true);
    try {
      const byIds = (count: number) => handle.db.select().from(things).where(anyOf(things.id, Array.from({ length: count }, (_, index) => id(index))));
      expect(await byIds(1)).toHaveLength(1);
      const afterFirst = await prepared(handle);
      for (const count of [2, 3, 5, 6]) expect(await byIds(count)).toHaveLength(count);
      expect(await prepared(handle)).toBe(afterFirst);
      expect(afterFirst).toBeGreaterThan(0);
      await handle.db.transaction(async (tx) => {
        expect(await tx.select().from(things).where(anyOf(things.id, [id(1)]))).toHaveLength(1);
      });
      expect(await prepared(handle)).toBeGreaterThan(0);
    } finally {
      await handle.close();
    }
  });

  it("prepares nothing with DATABASE_PREPARED_STATEMENTS off", async () => {
    const handle = await openOne(database, false);
    try {
      expect(await handle.db.select().from(things).where(anyOf(things.id, [id(1), id(2)]))).toHaveLength(2);
      expect(await prepared(handle)).toBe(0);
    } finally {
      await handle.close();
    }
  });
});
