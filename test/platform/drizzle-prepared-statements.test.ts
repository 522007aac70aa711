import { sql } from "drizzle-orm";
import { pgTable, text, uuid } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anyOf } from "../../src/db/queries/any-of";
import { openDatabase, type DatabaseHandle } from "../../src/db/client";
import { preparedQuery } from "../../src/db/queries/prepared-query";
import { unnamed } from "../../src/platform/drizzle-unnamed-statement";
import { startTestApp } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { createIssue, createProject, registerWorkspace } from "../helpers/factories";

const preparedOn = async (handle: DatabaseHandle) =>
  Number(((await handle.db.execute(sql`select count(*) as value from pg_prepared_statements`)) as unknown as { value: string }[])[0]!.value);

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

  const byIds = (handle: DatabaseHandle) =>
    preparedQuery(handle.db, "things_by_id", (db) => db.select().from(things).where(anyOf(things.id, sql.placeholder("ids"))).prepare("things_by_id"));
  const ids = (count: number) => Array.from({ length: count }, (_, index) => id(index));

  it("keeps one named statement per query built with preparedQuery, whatever the length of its value lists, and none for other queries", async () => {
    const handle = await openOne(database, true);
    try {
      const before = await preparedOn(handle);
      for (const count of [1, 2, 3, 5, 6]) expect(await byIds(handle).execute({ ids: ids(count) })).toHaveLength(count);
      expect(await preparedOn(handle)).toBe(before + 1);
      for (const count of [1, 4]) expect(await handle.db.select().from(things).where(anyOf(things.id, ids(count)))).toHaveLength(count);
      const built = preparedQuery(handle.db, "things_unnamed", (db) => unnamed(db.select().from(things).where(anyOf(things.id, sql.placeholder("ids"))).prepare("things_unnamed")));
      expect(await built.execute({ ids: ids(2) })).toHaveLength(2);
      expect(await preparedOn(handle)).toBe(before + 1);
    } finally {
      await handle.close();
    }
  });

  it("names nothing with DATABASE_PREPARED_STATEMENTS off", async () => {
    const handle = await openOne(database, false);
    try {
      expect(await byIds(handle).execute({ ids: ids(2) })).toHaveLength(2);
      expect(await preparedOn(handle)).toBe(0);
    } finally {
      await handle.close();
    }
  });

  it("keeps a bounded set of statements however clients combine sorts, filters and fields", async () => {
    const app = await startTestApp({ DATABASE_POOL_MAX: "1" });
    try {
      const admin = await registerWorkspace(app);
      const project = await createProject(app, admin);
      await createIssue(app, admin, project.id);
      const prepared = async () => Number(((await app.server.database.db.execute(sql`select count(*) as value from pg_prepared_statements`)) as unknown as { value: string }[])[0]!.value);
      const fieldSets = ["id", "id key", "key summary status", "id priority assignee { id }", "description", "customFields key", "id createdAt updatedAt", "summary reporter { id } project { id }"];
      const sorts = ["key", "-key", "summary,-status", "priority,key", "-updated_at,summary,key", "status,-created_at"];
      const run = async (fields: string, sort: string) => {
        const list = await app.gql(`query($p: String, $s: String) { issues(sort: $s, filters: { projectId: $p }) { nodes { ${fields} } } }`, { p: project.id, s: sort }, admin.token);
        const board = await app.gql(`query($id: ID!) { project(id: $id) { issues(first: 3) { nodes { ${fields} } } } }`, { id: project.id }, admin.token);
        expect(list.body.errors ?? board.body.errors).toBeUndefined();
      };
      await run("id", "key");
      const warm = await prepared();
      for (const fields of fieldSets) for (const sort of sorts) await run(fields, sort);
      // At most the three other column sets of an issue page; nothing for the 48 list shapes.
      expect((await prepared()) - warm).toBeLessThanOrEqual(3);
    } finally {
      await app.stop();
    }
  });
});
