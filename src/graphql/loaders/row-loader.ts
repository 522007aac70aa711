import DataLoader from "dataloader";

/**
 * A DataLoader of rows by id that can also hand out a row it already holds
 * without a promise. graphql-js completes a field that returns a plain value
 * on the spot, but one that returns a promise costs a microtask chain and a
 * pending object on every level above it: for a board that resolves a
 * hundred `assignee` and `reporter` fields, that was the largest share of
 * the time the relations took. So a connection loads the page's related rows
 * first (`loadMany`), and the field resolvers then `get` them.
 */
export class RowLoader<Row> extends DataLoader<string, Row | null> {
  private readonly settled = new Map<string, Row | null>();
  /** Counts `clear` and `clearAll` calls: rows of a batch that overlapped one are not kept, as they may predate it. */
  private clears = 0;

  constructor(batch: (ids: readonly string[]) => Promise<(Row | null)[]>) {
    super(async (ids) => {
      const clearsBefore = this.clears;
      const rows = await batch(ids);
      if (this.clears === clearsBefore) ids.forEach((id, index) => this.settled.set(id, rows[index]!));
      return rows;
    });
  }

  /** The row if it has been loaded, else a promise of it. */
  get(id: string): Row | null | Promise<Row | null> {
    return this.settled.has(id) ? this.settled.get(id)! : this.load(id);
  }

  override prime(id: string, row: Row | null | Error): this {
    if (!(row instanceof Error) && !this.settled.has(id)) this.settled.set(id, row);
    return super.prime(id, row);
  }

  override clear(id: string): this {
    this.clears++;
    this.settled.delete(id);
    return super.clear(id);
  }

  override clearAll(): this {
    this.clears++;
    this.settled.clear();
    return super.clearAll();
  }
}
