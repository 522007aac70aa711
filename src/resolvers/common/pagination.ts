import { z } from "zod";
import { type Connection, decodeCursor, encodeKeyCursor } from "../../schema/common";
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
    .transform((cursor, ctx): Pick<PageWindow, "offset" | "after"> => {
      if (cursor == null) return { offset: 0, after: null };
      const decoded = decodeCursor(cursor);
      if (decoded && "position" in decoded) return { offset: decoded.position + 1, after: null };
      if (decoded) return { offset: 0, after: decoded };
      ctx.addIssue({ code: "custom", message: "after is not a valid cursor" });
      return z.NEVER;
    }),
});

/**
 * Validates Relay arguments: `first` defaults to DEFAULT_PAGE_SIZE and may
 * not exceed MAX_PAGE_SIZE; `after` must be a cursor of ours. Whether a key
 * cursor belongs to the list it is used on, the list checks as it reads.
 */
export function pageWindow(first: number | null | undefined, after: string | null | undefined): PageWindow {
  const { first: limit, after: start } = parseInput(windowSchema, { first, after });
  return { limit, ...start };
}

/** A Relay connection over a page; its type builds edges and counts the list only if the query selects them. */
export function toConnection<Row>(page: Page<Row>): Connection<Row> {
  return {
    nodes: page.rows,
    tag: page.tag,
    keys: page.keys,
    countAll: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.keys.length ? encodeKeyCursor(page.tag, page.keys[0]!) : null,
      endCursor: page.keys.length ? encodeKeyCursor(page.tag, page.keys.at(-1)!) : null,
    },
  };
}
