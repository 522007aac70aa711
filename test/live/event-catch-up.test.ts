import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import pino from "pino";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, pgliteDatabase, type DatabaseHandle } from "../../src/db/client";
import { runMigrations } from "../../src/db/migrate";
import { events, tenants, type EventRow } from "../../src/db/tables";
import { EventBus } from "../../src/events/bus";
import { createTestDatabase } from "../helpers/database";

/**
 * The event bus catches up by transaction visibility, however late a
 * transaction commits. These tests drive the bus itself against a real
 * database: a transaction holds an event open while 5,000 later ones commit.
 * PGlite has a single connection, so there the open transaction is a
 * prepared one (two-phase commit), which holds its transaction id just as an
 * open one does.
 */

const LATER_EVENTS = 5000;
const log = pino({ level: "silent" });

let database: DatabaseHandle;
/** Set when testing against a server PostgreSQL. */
let serverUrl: string | undefined;
let dropDatabase: () => Promise<void>;
let tenantId: string;

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    const server = await createTestDatabase();
    serverUrl = server.url!;
    database = await openDatabase({ url: serverUrl, dataDir: "", poolMax: 3 });
    await runMigrations(database, serverUrl);
    dropDatabase = async () => {
      await database.close();
      await server.drop();
    };
  } else {
    const client = await PGlite.create("memory://", { startParams: [...PGlite.defaultStartParams, "-c", "max_prepared_transactions=4"] });
    database = pgliteDatabase(client);
    await runMigrations(database);
    dropDatabase = () => database.close();
  }
  const [tenant] = await database.db.insert(tenants).values({ name: "catch-up" }).returning({ id: tenants.id });
  tenantId = tenant!.id;
}, 60_000);
afterAll(() => dropDatabase());

/** An event inserted by a transaction that stays open until `commit`. */
interface HeldEvent {
  id: number;
  commit(): Promise<void>;
}

let heldSequence = 0;

const holdEvent = (): Promise<HeldEvent> => (serverUrl ? holdOnServer(serverUrl) : holdOnPglite());

async function holdOnServer(url: string): Promise<HeldEvent> {
  const connection = postgres(url, { max: 1, onnotice: () => {} });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let inserted!: (id: number) => void;
  const id = new Promise<number>((resolve) => (inserted = resolve));
  const transaction = connection.begin(async (tx) => {
    const [row] = await tx`insert into events (tenant_id, type, types) values (${tenantId}, 'issue.updated', array['issue.updated']) returning id`;
    inserted(Number(row!.id));
    await released;
  });
  return {
    id: await id,
    commit: async () => {
      release();
      await transaction;
      await connection.end();
    },
  };
}

/**
 * A prepared transaction may not NOTIFY, so the insert trigger is off inside
 * it and the commit sends the notification the trigger would have sent.
 */
async function holdOnPglite(): Promise<HeldEvent> {
  const name = `held_${++heldSequence}`;
  const db = database.db;
  await db.execute(sql`begin`);
  await db.execute(sql`set local session_replication_role = replica`);
  const [row] = await db.insert(events).values({ tenantId, type: "issue.updated", types: ["issue.updated"] }).returning({ id: events.id });
  await db.execute(sql.raw(`prepare transaction '${name}'`));
  return {
    id: row!.id,
    commit: async () => {
      await db.execute(sql.raw(`commit prepared '${name}'`));
      await db.execute(sql`select pg_notify('pm_events', ${String(row!.id)})`);
    },
  };
}

/** Commits `count` events, a hundred per transaction; returns their ids in commit order. */
async function commitEvents(count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let done = 0; done < count; done += 100) {
    const batch = Array.from({ length: Math.min(100, count - done) }, () => ({ type: "issue.updated", types: ["issue.updated"], tenantId }));
    const rows = await database.db.transaction((tx) => tx.insert(events).values(batch).returning({ id: events.id }));
    ids.push(...rows.map((row) => row.id).sort((a, b) => a - b));
  }
  return ids;
}

/**
 * The database handle with a listening connection the test can cut and
 * restore: while cut, notifications are lost, as on a dropped connection;
 * restoring calls the bus back as postgres.js does when it reconnects.
 */
function cuttable(handle: DatabaseHandle) {
  let up = true;
  let reconnected: () => void = () => {};
  const wrapped: DatabaseHandle = {
    ...handle,
    listen: (channel, onNotify, onConnect) => {
      reconnected = onConnect;
      return handle.listen(channel, (payload) => up && onNotify(payload), onConnect);
    },
  };
  return {
    handle: wrapped,
    cut: () => void (up = false),
    restore: () => {
      up = true;
      reconnected();
    },
  };
}

async function startBus(handle: DatabaseHandle) {
  const bus = new EventBus(handle, log);
  const delivered: EventRow[] = [];
  bus.onEvents((batch) => void delivered.push(...batch));
  await bus.start();
  await settle();
  return { bus, delivered };
}

const settle = (ms = 100) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForDeliveries(delivered: EventRow[], count: number) {
  for (let attempt = 0; attempt < 600 && delivered.length < count; attempt++) await settle(50);
  // Anything delivered twice would arrive by now.
  await settle(300);
}

const idsOf = (rows: EventRow[]) => rows.map((row) => row.id);

describe("event catch-up", () => {
  it("delivers, exactly once, an event whose transaction commits during an outage after 5,000 later events", async () => {
    const listener = cuttable(database);
    const { bus, delivered } = await startBus(listener.handle);
    try {
      const held = await holdEvent();
      const before = await commitEvents(3000);
      await waitForDeliveries(delivered, before.length);
      expect(idsOf(delivered)).toEqual(before);

      listener.cut();
      const during = await commitEvents(LATER_EVENTS - before.length);
      await held.commit();
      listener.restore();

      await waitForDeliveries(delivered, LATER_EVENTS + 1);
      const ids = idsOf(delivered);
      expect(ids.filter((id) => id === held.id)).toHaveLength(1);
      expect(ids.filter((id) => id !== held.id)).toEqual([...before, ...during]);
      expect(new Set(ids).size).toBe(ids.length);
      // Far more than the old catch-up window of 1,000 ids behind the newest.
      expect(Math.max(...during) - held.id).toBeGreaterThanOrEqual(LATER_EVENTS);
    } finally {
      await bus.stop();
    }
  }, 120_000);

  it("delivers an event committed after a restart, held open while 5,000 events committed before it", async () => {
    const first = await startBus(database);
    const held = await holdEvent();
    const later = await commitEvents(LATER_EVENTS);
    await waitForDeliveries(first.delivered, LATER_EVENTS);
    await first.bus.stop();
    expect(idsOf(first.delivered)).toEqual(later);

    const second = await startBus(database);
    try {
      await held.commit();
      await waitForDeliveries(second.delivered, 1);
      // The 5,000 committed before the restart are history to the new listener; the held one is news.
      expect(idsOf(second.delivered)).toEqual([held.id]);
      const next = await commitEvents(100);
      await waitForDeliveries(second.delivered, 101);
      expect(idsOf(second.delivered)).toEqual([held.id, ...next]);
    } finally {
      await second.bus.stop();
    }
  }, 120_000);
});
