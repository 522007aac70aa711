import { performance } from "node:perf_hooks";
import { and, eq, sql } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { anyOf } from "./any-of";
import type { Database } from "../client";
import { preparedQuery } from "./prepared-query";
import { users, type EventRow } from "../tables";
import { userViewColumns, type UserView } from "./user-columns";

/** Reads the tenant's users with these ids; ids it does not find are left out. */
export type FetchUserViews = (tenantId: string, ids: readonly string[]) => Promise<UserView[]>;

export interface UserViewCacheOptions {
  /** How long a user read from the database may be shown again; 0 keeps nothing. */
  ttlMs: number;
  /** Most users kept, at least 1; the least recently read goes first. */
  maxEntries: number;
}

interface Entry {
  row: UserView;
  storedAt: number;
}

/**
 * Users as other rows show them (an issue's assignee and reporter, a
 * comment's author, a project's lead), kept across requests. Nearly every
 * read names a few users that rarely change, and reading them cost a
 * statement per board and list (docs/decisions/012-user-view-cache.md).
 *
 * Only display goes through here: sign-in, sessions and permissions read
 * users from the database every time. An entry is forgotten when this
 * instance commits a change to the user, when the `user.*` event of a
 * change made elsewhere arrives, and at the latest after `ttlMs`, which
 * bounds what a lost event could leave stale. A read that overlaps a
 * forgetting does not store what it read, since it may predate the change.
 */
export class UserViewCache {
  /** Freshness is checked in `read` against its one clock reading, rather than by lru-cache's `ttl`, which reads a clock of its own. */
  private readonly entries: LRUCache<string, Entry>;
  /** Bumped by every forgetting; a read stores its rows only if none happened while it ran. */
  private generation = 0;

  constructor(
    private readonly fetch: FetchUserViews,
    private readonly options: UserViewCacheOptions,
  ) {
    if (!(options.maxEntries >= 1)) throw new RangeError("maxEntries must be at least 1");
    this.entries = new LRUCache({ max: options.maxEntries });
  }

  /** The users with `ids` in the tenant, in order; null where there is none. */
  async read(tenantId: string, ids: readonly string[]): Promise<(UserView | null)[]> {
    // A monotonic clock: a wall clock set back would stretch every entry's time.
    const now = performance.now();
    const found = new Map<string, UserView>();
    const missing: string[] = [];
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (entry && now - entry.storedAt < this.options.ttlMs && entry.row.tenantId === tenantId) found.set(id, entry.row);
      else missing.push(id);
    }
    if (missing.length) {
      const generation = this.generation;
      const rows = await this.fetch(tenantId, missing);
      const store = generation === this.generation && this.options.ttlMs > 0;
      for (const row of rows) {
        found.set(row.id, row);
        if (store) this.remember(row, now);
      }
    }
    return ids.map((id) => found.get(id) ?? null);
  }

  forget(userId: string): void {
    this.generation += 1;
    this.entries.delete(userId);
  }

  /** Forgets the users that events of changes to users name. */
  forgetChangedUsers(batch: readonly EventRow[]): void {
    for (const event of batch) {
      if (event.type.startsWith("user.") && event.subjectUserId) this.forget(event.subjectUserId);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(row: UserView, now: number): void {
    // Shared by every request that shows the user until forgotten: nobody may change it in place.
    this.entries.set(row.id, { row: Object.freeze(row), storedAt: now });
  }
}

const usersById = (db: Database) =>
  preparedQuery(db, "users_by_id", (db) =>
    db
      .select(userViewColumns)
      .from(users)
      .where(and(eq(users.tenantId, sql.placeholder("tenantId")), anyOf(users.id, sql.placeholder("ids"))))
      .prepare("users_by_id"),
  );

/** The cache of one database's users. */
export const userViewCacheOf = (db: Database, options: UserViewCacheOptions) =>
  new UserViewCache((tenantId, ids) => usersById(db).execute({ tenantId, ids: [...ids] }), options);
