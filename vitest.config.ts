import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // type-graphql loads graphql's CommonJS build, Apollo its ESM build; one copy keeps the realms equal.
    alias: { graphql: createRequire(import.meta.url).resolve("graphql") },
  },
  test: {
    include: ["test/**/*.test.ts"],
    // Browser tests need Chromium: `npm run test:e2e` (vitest.e2e.config.ts).
    exclude: ["test/e2e/**", "**/node_modules/**"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
