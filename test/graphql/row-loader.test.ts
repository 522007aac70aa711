import { describe, expect, it } from "vitest";
import { RowLoader } from "../../src/graphql/loaders/row-loader";

interface Row {
  id: string;
  version: number;
}

/** A loader over a table held in memory, whose batches resolve when `release` is called. */
function loaderOver(table: Map<string, Row>) {
  const pending: (() => void)[] = [];
  let batches = 0;
  const loader = new RowLoader<Row>(async (ids) => {
    batches++;
    const rows = ids.map((id) => ({ ...table.get(id)! }));
    await new Promise<void>((resolve) => pending.push(resolve));
    return rows;
  });
  const release = async () => {
    while (!pending.length) await new Promise((resolve) => setImmediate(resolve));
    pending.shift()!();
  };
  return { loader, release, batches: () => batches };
}

describe("RowLoader", () => {
  it("hands out a loaded row without a promise", async () => {
    const { loader, release } = loaderOver(new Map([["a", { id: "a", version: 1 }]]));
    const loading = loader.get("a");
    expect(loading).toBeInstanceOf(Promise);
    await release();
    await loading;
    expect(loader.get("a")).toEqual({ id: "a", version: 1 });
  });

  it("does not keep a row read before a clear that came while its batch was in flight", async () => {
    const table = new Map([["a", { id: "a", version: 1 }]]);
    const { loader, release, batches } = loaderOver(table);
    const stale = loader.load("a");
    await new Promise((resolve) => setImmediate(resolve));
    table.set("a", { id: "a", version: 2 });
    loader.clear("a");
    await release();
    expect(await stale).toEqual({ id: "a", version: 1 });

    const fresh = loader.get("a");
    expect(fresh).toBeInstanceOf(Promise);
    await release();
    expect(await fresh).toEqual({ id: "a", version: 2 });
    expect(loader.get("a")).toEqual({ id: "a", version: 2 });
    expect(batches()).toBe(2);
  });

  it("forgets everything on clearAll, including rows of batches in flight", async () => {
    const table = new Map([["a", { id: "a", version: 1 }], ["b", { id: "b", version: 1 }]]);
    const { loader, release } = loaderOver(table);
    await Promise.all([loader.loadMany(["a"]), release()]);
    const inFlight = loader.load("b");
    await new Promise((resolve) => setImmediate(resolve));
    loader.clearAll();
    await release();
    await inFlight;
    expect(loader.get("a")).toBeInstanceOf(Promise);
    expect(loader.get("b")).toBeInstanceOf(Promise);
  });
});
