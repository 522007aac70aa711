import { validationError } from "../../errors/domain-error";
import { type Connection, decodeCursor, encodeCursor } from "../../schema/common";
import type { Page, PageWindow } from "../../db/queries/pagination";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Validates Relay arguments: `first` defaults to 20 and may not exceed 100. */
export function pageWindow(first: number | null | undefined, after: string | null | undefined): PageWindow {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw validationError([
      { field: "first", code: "INVALID_FORMAT", message: `first must be between 1 and ${MAX_PAGE_SIZE}` },
    ]);
  }
  if (after == null) return { limit, offset: 0 };
  const position = decodeCursor(after);
  if (position === null) {
    throw validationError([{ field: "after", code: "INVALID_FORMAT", message: "after is not a valid cursor" }]);
  }
  return { limit, offset: position + 1 };
}

/** A Relay connection over a page; its type builds edges and counts the list only if the query selects them. */
export function toConnection<Row>(page: Page<Row>): Connection<Row> {
  return {
    nodes: page.rows,
    offset: page.offset,
    countAll: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.offset > 0,
      startCursor: page.rows.length ? encodeCursor(page.offset) : null,
      endCursor: page.rows.length ? encodeCursor(page.offset + page.rows.length - 1) : null,
    },
  };
}
