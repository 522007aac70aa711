/**
 * The board query of the API benchmark (`bench/api/scenarios.ts`): a
 * project, its first 50 issues with assignee and reporter. Its cost is the
 * worked example of the cost model in docs/api.md.
 */
export const BOARD = `query Board($id: ID!) {
  project(id: $id) { id key name
    issues(first: 50) { pageInfo { hasNextPage endCursor }
      nodes { id key summary status priority assignee { id username displayName } reporter { id username displayName } } } } }`;
