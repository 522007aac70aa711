import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

/** `npm run test:e2e`: the browser tests, in Chromium (test/helpers/browser.ts). The rest as in vitest.config.ts. */
export default defineConfig({
  resolve: { alias: { graphql: createRequire(import.meta.url).resolve("graphql") } },
  test: { include: ["test/e2e/**/*.test.ts"], pool: "forks", testTimeout: 60_000, hookTimeout: 60_000 },
});
