/** A window into an ordered list, already validated by the caller. */
export interface PageWindow {
  limit: number;
  offset: number;
}

export interface Page<Row> {
  rows: Row[];
  totalCount: number;
  offset: number;
  hasNextPage: boolean;
}

export function toPage<Row>(rows: Row[], totalCount: number, window: PageWindow): Page<Row> {
  return { rows, totalCount, offset: window.offset, hasNextPage: window.offset + rows.length < totalCount };
}

/**
 * Pages a query that selects `count(*) over ()` as `total`, so rows and
 * total cost one statement. Only a page past the end needs a second, for the
 * total.
 */
export async function pageOf<Row>(
  window: PageWindow,
  rows: { row: Row; total: number }[],
  countAll: () => Promise<number>,
): Promise<Page<Row>> {
  const total = rows[0]?.total ?? (window.offset > 0 ? await countAll() : 0);
  return toPage(rows.map((entry) => entry.row), total, window);
}
