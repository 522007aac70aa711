import { validationError } from "../../errors/domain-error";
import type { Connection } from "../../schema/common/connection";
import { decodeCursor, encodeCursor } from "../../schema/common/cursor";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page, type PageWindow } from "../../db/queries/pagination";

/** Validates Relay arguments: `first` defaults to DEFAULT_PAGE_SIZE and may not exceed MAX_PAGE_SIZE. */
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
