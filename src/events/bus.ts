import { asc, gt, max } from "drizzle-orm";
import { anyOf } from "../db/queries/any-of";
import type { Logger } from "pino";
import type { DatabaseHandle } from "../db/client";
import { events, type EventRow } from "../db/tables";

export const EVENTS_CHANNEL = "pm_events";

/** Ids below the last one seen that a catch-up re-reads: transactions commit out of id order. */
const CATCH_UP_OVERLAP = 1000;
/** How many delivered ids are remembered to skip duplicates between catch-up and notifications. */
const REMEMBERED_IDS = 10_000;

export type EventHandler = (batch: readonly EventRow[]) => void | Promise<void>;

/**
 * One per API instance: listens for committed event ids on one connection,
 * loads each event once (in batches) and hands it, in order, to local
 * handlers such as the live feed. When the listening connection comes back
 * after a drop it catches up from the last id it processed, so nothing
 * committed meanwhile is lost.
 */
export class EventBus {
  private readonly handlers = new Set<EventHandler>();
  private readonly delivered = new Set<number>();
  private lastId = 0;
  /** Newest event at start; nothing at or below it is ever delivered. */
  private startId = 0;
  private pending: number[] = [];
  private catchUpRequested = false;
  private draining: Promise<void> | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private connects = 0;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log: Logger,
  ) {}

  /** Starts from the newest existing event: earlier ones are history, not news. */
  async start(): Promise<void> {
    const [row] = await this.database.db.select({ value: max(events.id) }).from(events);
    this.lastId = this.startId = Number(row?.value ?? 0);
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

  private connected(): void {
    this.connects += 1;
    if (this.connects > 1) {
      this.log.warn({ last_event_id: this.lastId }, "event listener reconnected; catching up");
      this.catchUpRequested = true;
      this.drain();
    }
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
        while (this.pending.length || this.catchUpRequested) {
          const batch = this.catchUpRequested ? await this.loadMissed() : await this.loadPending();
          await this.deliver(batch);
        }
      } catch (error) {
        this.log.error({ err: error }, "event delivery failed; will catch up on the next notification");
        this.catchUpRequested = true;
      } finally {
        this.draining = null;
      }
    })();
  }

  private loadPending(): Promise<EventRow[]> {
    const ids = this.pending.splice(0).filter((id) => id > this.startId && !this.delivered.has(id));
    if (!ids.length) return Promise.resolve([]);
    return this.database.db.select().from(events).where(anyOf(events.id, ids)).orderBy(asc(events.id));
  }

  private async loadMissed(): Promise<EventRow[]> {
    this.catchUpRequested = false;
    this.pending = [];
    const from = Math.max(this.startId, this.lastId - CATCH_UP_OVERLAP);
    const rows = await this.database.db.select().from(events).where(gt(events.id, from)).orderBy(asc(events.id));
    return rows.filter((row) => !this.delivered.has(row.id));
  }

  private async deliver(batch: EventRow[]): Promise<void> {
    if (!batch.length) return;
    for (const event of batch) this.remember(event.id);
    for (const handler of this.handlers) {
      try {
        await handler(batch);
      } catch (error) {
        this.log.error({ err: error }, "event handler failed");
      }
    }
  }

  private remember(id: number): void {
    this.delivered.add(id);
    this.lastId = Math.max(this.lastId, id);
    if (this.delivered.size > REMEMBERED_IDS) {
      const oldest = this.delivered.values().next().value;
      if (oldest !== undefined) this.delivered.delete(oldest);
    }
  }
}
