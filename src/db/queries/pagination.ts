import { sql, type SQLWrapper } from "drizzle-orm";
import type { CursorKey, ListOrder } from "./keyset";

/** A window into an ordered list, already validated by the caller. */
export interface PageWindow {
  limit: number;
  /** Rows skipped from the top of the list: how REST's page numbers page. 0 when `after` is set. */
  offset: number;
  /** A cursor's keys: the page starts after the row they name (`keyset.ts`). Checked against the list's order when read. */
  after: CursorKey | null;
}

export interface Page<Row> {
  rows: Row[];
  /** The tag of the list's order and each row's keys in it (`cursorKey`): together, the rows' cursors. */
  tag: string;
  keys: string[];
  hasNextPage: boolean;
  /** Whether the page starts below the top of the list: it was asked for after a cursor or past an offset. */
  hasPreviousPage: boolean;
  /**
   * Items in the whole list. A function, because counting costs a statement
   * or a scan that most readers of a page (a board, the next page) never ask
   * for; it runs at most once.
   */
  totalCount: () => Promise<number>;
}

/** A row of a page statement: the row, its keys (`cursorKey`) and, where the statement counts the list (`totalOf`), the total. */
export interface PageEntry<Row> {
  row: Row;
  key: string;
  total?: number;
}

/** Rows a page statement reads: one more than the page, which says whether another page follows. */
export const probeLimit = (window: PageWindow) => window.limit + 1;

function once(count: () => Promise<number>): () => Promise<number> {
  let counted: Promise<number> | undefined;
  return () => (counted ??= count());
}

/**
 * The list's total, selected alongside each row of a page as `total`: the
 * whole list's count statement (same joins and conditions, no cursor, order
 * or limit) as a scalar subquery. PostgreSQL counts it once, from an index
 * where it can, rather than `count(*) over ()`, which would make it read
 * and sort every matching row before the limit; and page and total cost
 * one statement rather than two. Read the rows with `pageOf`.
 */
export const totalOf = (countAll: SQLWrapper) => sql<number>`(${countAll})`.mapWith(Number);

/**
 * How every list pages: its statement selects `{ row, key }` (and `total`
 * where it counts the list) for up to `probeLimit` rows after the window's
 * cursor or offset, in the list's order. The extra row only says whether
 * another page follows. The total comes with the rows, or from the page
 * itself when the page starts at a known position and reaches the end;
 * otherwise `countAll` runs, and only if the total is asked for.
 */
export function pageOf<Row>(window: PageWindow, order: ListOrder, probe: PageEntry<Row>[], countAll: () => Promise<number>): Page<Row> {
  const hasNextPage = probe.length > window.limit;
  const entries = hasNextPage ? probe.slice(0, window.limit) : probe;
  const reachedEnd = !hasNextPage && window.after === null && (entries.length > 0 || window.offset === 0);
  const known = probe[0]?.total ?? (reachedEnd ? window.offset + entries.length : undefined);
  return {
    rows: entries.map((entry) => entry.row),
    tag: order.tag,
    keys: entries.map((entry) => entry.key),
    hasNextPage,
    hasPreviousPage: window.offset > 0 || window.after !== null,
    totalCount: known === undefined ? once(countAll) : () => Promise.resolve(known),
  };
}
