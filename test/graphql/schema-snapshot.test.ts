import { readFileSync } from "node:fs";
import { printSchema } from "graphql";
import { expect, it } from "vitest";
import { buildContractSchema } from "../../src/graphql/build-schema";

it("matches the committed schema.graphql (run `npm run schema:emit` after an intended change)", async () => {
  const committed = readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8");
  expect(printSchema(await buildContractSchema()) + "\n").toBe(committed);
});
