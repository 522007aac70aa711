import { execute, parse, validate, type ExecutionResult } from "graphql";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/auth/actor";
import { scopesForRoles } from "../../src/auth/scopes";
import { compiledExecution } from "../../src/graphql/execution/compiled-execution";
import type { GraphQLContext } from "../../src/graphql/context";
import { buildExecutableSchema } from "../../src/graphql/build-schema";
import { createLoaders } from "../../src/graphql/loaders/loaders";
import { userViewCacheOf } from "../../src/db/queries/user-view-cache";
import { startTestApp, type TestApp } from "../helpers/app";
import { addMember, addToProject, createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";

const schema = await buildExecutableSchema();
// Compiled from the first execution, so that every comparison below is with compiled code.
const compiled = compiledExecution(schema, { compileOnExecution: 1 });

let app: TestApp;
let admin: SignedIn;
let member: SignedIn;
let projectId: string;
let issueId: string;

const claims = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());

function contextOf(user: SignedIn, roles: string[]): GraphQLContext {
  const { sub, tenant_id, sid } = claims(user.token);
  const actor: Actor = { userId: sub, tenantId: tenant_id, sessionId: sid, roles, scopes: new Set(scopesForRoles(roles)), tokenExpiresAt: new Date(Date.now() + 60_000) };
  const db = app.server.database.db;
  return { db, actor, loaders: createLoaders(db, userViewCacheOf(db, { ttlMs: 0, maxEntries: 1 }), actor), log: pino({ level: "silent" }), requestId: "conformance", clientIp: "127.0.0.1" } as unknown as GraphQLContext;
}

/** Results as clients see them: data, and each error's message, path and code. */
const visible = (result: ExecutionResult) => ({
  data: JSON.parse(JSON.stringify(result.data ?? null)),
  errors: result.errors?.map((error) => ({ message: error.message, path: error.path, code: error.extensions?.code, locations: error.locations })),
});

beforeAll(async () => {
  app = await startTestApp();
  admin = await registerWorkspace(app);
  member = await addMember(app, admin);
  const project = await createProject(app, admin, {
    settings: {
      custom_fields: [
        { key: "team", name: "Team", type: "select", options: ["core", "web"], required: false },
        { key: "points", name: "Points", type: "number", required: false },
      ],
    },
  });
  expect(project.settings.custom_fields.map((field: { key: string }) => field.key)).toEqual(["team", "points"]);
  projectId = project.id;
  await addToProject(app, admin, projectId, member.user.id);
  const first = await createIssue(app, admin, projectId, { assignee_id: member.user.id, custom_fields: { team: "core", points: 3 } });
  const second = await createIssue(app, member, projectId, { summary: "Second" });
  issueId = first.id;
  const setup = [
    await app.rest("POST", `/api/v1/issues/${first.id}/comments`, { token: member.token, body: { content: "A comment" } }),
    await app.rest("POST", `/api/v1/issues/${first.id}/links`, { token: admin.token, body: { type: "blocks", issue_id: second.id } }),
    await app.rest("PATCH", `/api/v1/issues/${first.id}`, { token: admin.token, body: { status: "In Progress" } }),
  ];
  expect(setup.map((response) => response.status)).toEqual([201, 201, 200]);
});

afterAll(() => app.stop());

const OPERATIONS: [string, string, () => Record<string, unknown>][] = [
  [
    "a board with fragments, aliases, edges, totals and directives",
    `query Board($id: ID!, $withCursors: Boolean!) {
      project(id: $id) { ...ProjectHead
        open: issues(first: 1) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges @include(if: $withCursors) { cursor node { ...IssueCard } } }
        all: issues(first: 50) { nodes { ...IssueCard description customFields } } } }
    fragment ProjectHead on Project { id key name lead { id displayName } statistics { totalIssues openIssues } members { role user { username } } }
    fragment IssueCard on Issue { __typename id key summary status priority createdAt assignee { id displayName } reporter { username }
      ... on Issue { project { key } } }`,
    () => ({ id: projectId, withCursors: true }),
  ],
  [
    "an issue with comments, history and links",
    `query($id: ID!) { issue(id: $id) { id key comments(first: 5) { totalCount nodes { content author { username } } }
      history(first: 5) { totalCount edges { node { field from to actor { username } } } } links { type issue { key } } } }`,
    () => ({ id: issueId }),
  ],
  ["lists with their totals", `{ projects(first: 5) { totalCount nodes { key } } issues(first: 5, sort: "key") { totalCount nodes { key } } me { username roles } }`, () => ({})],
  [
    "the built-in scalars and enums of projects, settings, members, users, issues and comments",
    `query($id: ID!, $issue: ID!) {
      project(id: $id) { id key name description projectType status createdAt updatedAt
        settings { issueTypes priorities statuses closedStatuses customFields { key name type options required } }
        statistics { totalIssues openIssues inProgressIssues closedIssues }
        members { role joinedAt user { id email username firstName lastName displayName avatarUrl isActive roles createdAt updatedAt } } }
      issue(id: $issue) { id key summary description issueType status priority customFields attachments { id filename size url }
        comments(first: 5) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { id content createdAt updatedAt } } }
      users(first: 5) { totalCount nodes { id email username isActive roles } } }`,
    () => ({ id: projectId, issue: issueId }),
  ],
  ["a missing issue (an error with its path)", `query($id: ID!) { issue(id: $id) { id } }`, () => ({ id: "00000000-0000-4000-8000-000000000000" })],
  ["a field argument out of range", `query($id: ID!) { project(id: $id) { issues(first: 500) { totalCount } } }`, () => ({ id: projectId })],
  ["a variable of the wrong type", `query($id: ID!) { issue(id: $id) { id } }`, () => ({ id: { not: "an id" } })],
];

describe("compiled execution", () => {
  for (const [what, query, variables] of OPERATIONS) {
    it(`answers exactly as graphql-js does: ${what}`, async () => {
      const document = parse(query);
      expect(validate(schema, document)).toEqual([]);
      for (const [user, roles] of [
        [admin, ["user", "admin"]],
        [member, ["user"]],
      ] as const) {
        const ours = await compiled({ document, variableValues: variables(), contextValue: contextOf(user, [...roles]) });
        const reference = await execute({ schema, document, variableValues: variables(), contextValue: contextOf(user, [...roles]) });
        expect(visible(ours)).toEqual(visible(reference));
      }
    });
  }
});
