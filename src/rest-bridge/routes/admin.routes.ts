import { optionalBodyInput, single } from "../mapping";
import type { RestRoute } from "../route";

/** Seed 000 §16: test data, outside production only. */
export const adminRoutes: RestRoute[] = [
  {
    method: "POST",
    path: "/admin/test-data/seed",
    operation: `mutation SeedTestData($input: SeedTestDataInput) { seedTestData(input: $input) { users projects issues comments links } }`,
    variables: (request) => ({ input: optionalBodyInput(request) ?? null }),
    respond: single("seedTestData"),
    status: 201,
  },
  {
    method: "POST",
    path: "/admin/test-data/reset",
    operation: `mutation ResetTestData { resetTestData { projects users } }`,
    respond: single("resetTestData"),
  },
];
