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
