import { asc, gte, sql, type SQL } from "drizzle-orm";
import { anyOf } from "../db/queries/any-of";
import type { Logger } from "pino";
import type { DatabaseHandle } from "../db/client";
import { events, type EventRow } from "../db/tables";

export const EVENTS_CHANNEL = "pm_events";

/** Remembered ids that call for a sweep: it bounds them, and the rows a catch-up re-reads. */
const SWEEP_AFTER = 1000;

/** The statement's snapshot's xmin: every transaction with a lower id has ended, committed or not. */
const SNAPSHOT_XMIN = sql`(select (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint as xmin) as horizon`;

export type EventHandler = (batch: readonly EventRow[]) => void | Promise<void>;

/**
 * One per API instance: listens for committed event ids on one connection,
 * loads each event once (in batches) and hands it, in order, to local
 * handlers such as the live feed.
 *
 * Notifications are the fast path; a sweep by transaction visibility makes
 * delivery complete. The bus keeps a horizon: every event written by a
 * transaction below it has been delivered. A sweep reads, in one snapshot,
 * the ids of the events at or past the horizon and the snapshot's xmin,
 * delivers those not yet delivered, and moves the horizon to that xmin. A
 * transaction that commits late, however many events committed meanwhile,
 * stays at or past the horizon until it ends, so the sweep after a dropped
 * connection finds its events. Sweeps run on every (re)connect and every
 * `SWEEP_AFTER` deliveries (docs/architecture.md, "Events and catch-up").
 */
export class EventBus {
  private readonly handlers = new Set<EventHandler>();
  /** Every event of a transaction with a lower id has been delivered, or predates the start. */
  private horizon = 0;
  /** Events at or past the horizon already delivered (or history at start): id to transaction id. */
  private readonly seen = new Map<number, number>();
  private sweepAt = SWEEP_AFTER;
  private pending: number[] = [];
  private sweepRequested = false;
  private draining: Promise<void> | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private connects = 0;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log: Logger,
  ) {}

  /** Starts from the events committed now: earlier ones are history, not news. */
  async start(): Promise<void> {
    const history = await this.committedSince(sql`horizon.xmin`);
    this.horizon = history.xmin;
    for (const row of history.rows) this.seen.set(row.id, row.xid);
    this.unlisten = await this.database.listen(
      EVENTS_CHANNEL,
      (payload) => this.notified(payload),
      () => this.connected(),
    );
  }

  async stop(): Promise<void> {
    await this.unlisten?.().catch(() => {});
    this.unlisten = null;
    await this.draining;
  }

  /** Registers a handler; returns its removal. */
  onEvents(handler: EventHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Times the listening connection was (re)established; for tests and health. */
  get connections(): number {
    return this.connects;
  }

  /** Also on the first connect: a transaction committing between the start's snapshot and the LISTEN notified no one. */
  private connected(): void {
    this.connects += 1;
    if (this.connects > 1) this.log.warn({ horizon: this.horizon }, "event listener reconnected; catching up");
    this.sweepRequested = true;
    this.drain();
  }

  private notified(payload: string): void {
    const id = Number(payload);
    if (!Number.isSafeInteger(id)) return;
    this.pending.push(id);
    this.drain();
  }

  private drain(): void {
    this.draining ??= (async () => {
      try {
        while (this.pending.length || this.sweepRequested) {
          if (this.sweepRequested) {
            const { missed, xmin } = await this.sweep();
            await this.deliver(missed);
            this.raiseHorizon(xmin);
          } else {
            await this.deliver(await this.loadPending());
          }
          if (this.seen.size >= this.sweepAt) this.sweepRequested = true;
        }
      } catch (error) {
        this.log.error({ err: error }, "event delivery failed; will catch up on the next notification");
        this.sweepRequested = true;
      } finally {
        this.draining = null;
      }
    })();
  }

  /** Notified events; one below the horizon was already delivered by the sweep that passed it. */
  private async loadPending(): Promise<EventRow[]> {
    const ids = this.pending.splice(0).filter((id) => !this.seen.has(id));
    if (!ids.length) return [];
    const rows = await this.load(ids);
    return rows.filter((row) => row.xid >= this.horizon && !this.seen.has(row.id));
  }

  /**
   * What the notifications missed, and the xmin to raise the horizon to once
   * it is delivered. Pending ids are dropped: their events are committed, so
   * the sweep reads them.
   */
  private async sweep(): Promise<{ missed: EventRow[]; xmin: number }> {
    this.sweepRequested = false;
    this.pending = [];
    const { xmin, rows } = await this.committedSince(this.horizon);
    const missed = rows.filter((row) => !this.seen.has(row.id)).map((row) => row.id);
    return { missed: missed.length ? await this.load(missed) : [], xmin };
  }

  /** Forgets the events below the new horizon: a late notification of one is recognised by its `xid`. */
  private raiseHorizon(xmin: number): void {
    this.horizon = Math.max(this.horizon, xmin);
    for (const [id, xid] of this.seen) if (xid < this.horizon) this.seen.delete(id);
    // While a long transaction holds the horizon back, sweep less often: the work stays linear.
    this.sweepAt = Math.max(SWEEP_AFTER, this.seen.size * 2);
  }

  /** In one snapshot: its xmin, and the id and transaction id of every event visible in it from transaction `from` up. */
  private async committedSince(from: number | SQL): Promise<{ xmin: number; rows: { id: number; xid: number }[] }> {
    const found = await this.database.db
      .select({ xmin: sql<number>`horizon.xmin`.mapWith(Number), id: events.id, xid: events.xid })
      .from(SNAPSHOT_XMIN)
      .leftJoin(events, gte(events.xid, from))
      .orderBy(asc(events.id));
    const rows = found.flatMap((row) => (row.id === null || row.xid === null ? [] : [{ id: row.id, xid: row.xid }]));
    return { xmin: found[0]!.xmin, rows };
  }

  private load(ids: number[]): Promise<EventRow[]> {
    return this.database.db.select().from(events).where(anyOf(events.id, ids)).orderBy(asc(events.id));
  }

  private async deliver(batch: EventRow[]): Promise<void> {
    if (!batch.length) return;
    for (const event of batch) this.seen.set(event.id, event.xid);
    for (const handler of this.handlers) {
      try {
        await handler(batch);
      } catch (error) {
        this.log.error({ err: error }, "event handler failed");
      }
    }
  }
}
