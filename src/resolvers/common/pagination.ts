import { z } from "zod";
import { type Connection, decodeCursor, encodeCursor } from "../../schema/common";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../contract";
import type { Page, PageWindow } from "../../db/queries/pagination";
import { parseInput } from "../../services/common";

const pageSizeMessage = `first must be between 1 and ${MAX_PAGE_SIZE}`;

/** Relay arguments as a window; refinements rather than `.min`/`.max`, so a bad value reports INVALID_FORMAT. */
const windowSchema = z.object({
  first: z
    .number({ error: pageSizeMessage })
    .refine((limit) => Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE_SIZE, pageSizeMessage)
    .nullish()
    .transform((limit) => limit ?? DEFAULT_PAGE_SIZE),
  after: z
    .string()
    .nullish()
    .transform((cursor, ctx) => {
      if (cursor == null) return 0;
      const position = decodeCursor(cursor);
      if (position !== null) return position + 1;
      ctx.addIssue({ code: "custom", message: "after is not a valid cursor" });
      return z.NEVER;
    }),
});

/** Validates Relay arguments: `first` defaults to DEFAULT_PAGE_SIZE and may not exceed MAX_PAGE_SIZE. */
export function pageWindow(first: number | null | undefined, after: string | null | undefined): PageWindow {
  const { first: limit, after: offset } = parseInput(windowSchema, { first, after });
  return { limit, offset };
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
