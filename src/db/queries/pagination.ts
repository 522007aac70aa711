import { sql, type SQLWrapper } from "drizzle-orm";

/** A window into an ordered list, already validated by the caller. */
export interface PageWindow {
  limit: number;
  offset: number;
}

export interface Page<Row> {
  rows: Row[];
  offset: number;
  hasNextPage: boolean;
  /**
   * Items in the whole list. A function, because counting costs a statement
   * or a scan that most readers of a page (a board, the next page) never ask
   * for; it runs at most once.
   */
  totalCount: () => Promise<number>;
}

function once(count: () => Promise<number>): () => Promise<number> {
  let counted: Promise<number> | undefined;
  return () => (counted ??= count());
}

function toPage<Row>(rows: Row[], totalCount: number, window: PageWindow): Page<Row> {
  return { rows, offset: window.offset, hasNextPage: window.offset + rows.length < totalCount, totalCount: () => Promise.resolve(totalCount) };
}

/**
 * A page read as up to `limit + 1` rows: the extra row says whether another
 * page follows. A page that reaches the end also tells the total, so only
 * a full page, or one past the end, needs `countAll`.
 */
export function pageFromProbe<Row>(probe: Row[], window: PageWindow, countAll: () => Promise<number>): Page<Row> {
  const hasNextPage = probe.length > window.limit;
  const rows = hasNextPage ? probe.slice(0, window.limit) : probe;
  const endKnown = !hasNextPage && (rows.length > 0 || window.offset === 0);
  const total = window.offset + rows.length;
  return { rows, offset: window.offset, hasNextPage, totalCount: endKnown ? () => Promise.resolve(total) : once(countAll) };
}

/**
 * The list's total, selected alongside each row of a page as `total`: the
 * whole list's count statement (same joins and conditions, no order or
 * limit) as a scalar subquery. PostgreSQL counts it once, from an index
 * where it can, rather than `count(*) over ()`, which would make it read
 * and sort every matching row before the limit; and page and total cost
 * one statement rather than two. Read the rows with `pageOf`.
 */
export const totalOf = (countAll: SQLWrapper) => sql<number>`(${countAll})`.mapWith(Number);

/**
 * How every top-level list pages: its statement selects `{ row, total:
 * totalOf(count) }` with the window's limit and offset. Only a page past
 * the end has no row to carry the total, and runs `countAll` for it.
 */
export async function pageOf<Row>(
  window: PageWindow,
  rows: { row: Row; total: number }[],
  countAll: () => Promise<number>,
): Promise<Page<Row>> {
  const total = rows[0]?.total ?? (window.offset > 0 ? await countAll() : 0);
  return toPage(rows.map((entry) => entry.row), total, window);
}
