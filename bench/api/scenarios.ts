/**
 * What is measured: each scenario sends the same requests to our API (the
 * subject) and to a baseline in the same run. Request lists rotate (issue
 * ids, users), each connection cycling through them in order.
 */
import { isDeepStrictEqual } from "node:util";
import { BENCH_PASSWORD, type DatasetFacts } from "./dataset-rows";

export type ServerName = "api" | "floor" | "postgraphile";

export interface HttpRequest {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Side {
  server: ServerName;
  /** How the side is named in the report. */
  label: string;
  requests: HttpRequest[];
  /** The status every response must have; anything else counts as an error. */
  status: number;
}

/** The issue's targets for a scenario's figures. */
export interface Goal {
  /** Least subject/baseline throughput ratio. */
  minRatio: number;
  /** Largest subject p95 in ms at the measured rate. */
  maxP95Ms?: number;
}

export interface Scenario {
  id: string;
  title: string;
  subject: Side;
  baseline: Side;
  goal?: Goal;
  /**
   * Checked once before measuring, on the first response of each side: a
   * description of how they differ in substance, or null. Keeps "the same
   * answer" honest.
   */
  compare(subject: any, baseline: any): string | null;
}

const JSON_HEADERS = { "content-type": "application/json" };

const get = (path: string, headers: Record<string, string> = {}): HttpRequest => ({ method: "GET", path, headers });
const post = (path: string, body: unknown, headers: Record<string, string> = {}): HttpRequest => ({
  method: "POST",
  path,
  headers: { ...JSON_HEADERS, ...headers },
  body: JSON.stringify(body),
});

/** REST envelopes agree when all but `meta` (timestamp, request id) is equal. */
const sameEnvelope = (subject: any, baseline: any) => {
  const { meta: _a, ...ours } = subject;
  const { meta: _b, ...theirs } = baseline;
  return isDeepStrictEqual(ours, theirs) ? null : "REST bodies differ beyond meta";
};

/** Both created an issue in the right project with the asked-for fields. */
const sameCreatedIssue = (issue: any, floorIssue: any) =>
  issue?.summary === floorIssue?.summary && issue?.project?.id === floorIssue?.project?.id && issue?.key?.split("-")[0] === floorIssue?.key?.split("-")[0]
    ? null
    : "created issues differ";

/** The board's page: its first issues. */
const BOARD_PAGE_SIZE = 50;

const BOARD = `query Board($id: ID!) {
  project(id: $id) { id key name
    issues(first: ${BOARD_PAGE_SIZE}) { pageInfo { hasNextPage endCursor }
      nodes { id key summary status priority assignee { id username displayName } reporter { id username displayName } } } } }`;

/** The same board in PostGraphile's schema, in the API's order (newest first, then id); deleted issues excluded as the API does. */
const POSTGRAPHILE_BOARD = `query Board($id: UUID!) {
  projectById(id: $id) { id key name
    issuesByProjectId(first: ${BOARD_PAGE_SIZE}, orderBy: [CREATED_AT_DESC, ID_ASC], condition: { deletedAt: null }) { pageInfo { hasNextPage endCursor }
      nodes { id key summary status priority userByAssigneeId { id username firstName lastName } userByReporterId { id username firstName lastName } } } } }`;

/** The board with what a card's menu needs to move it: each issue's transitions, judged for the caller. */
const BOARD_WITH_TRANSITIONS = `query Board($id: ID!) {
  project(id: $id) { id key name
    issues(first: ${BOARD_PAGE_SIZE}) { pageInfo { hasNextPage endCursor }
      nodes { id key summary status priority assignee { id username displayName } reporter { id username displayName }
        availableTransitions { id name toState available reasons { rule message } } } } } }`;

const CREATE_ISSUE_FIELDS = `id key summary description issueType status priority project { id key name }
  assignee { id username displayName } reporter { id username displayName } createdAt updatedAt customFields
  attachments { id filename size url } links { id type issue { id key summary } createdAt }`;

export function defineScenarios(facts: DatasetFacts, token: string): Scenario[] {
  const auth = { authorization: `Bearer ${token}` };
  const issueInput = {
    project_id: facts.writeProjectId,
    summary: "Benchmark issue",
    description: "Created under load",
    issue_type: "Task",
    priority: "High",
    assignee_id: facts.actor.id,
    custom_fields: { story_points: 3, team: "Web" },
  };
  const graphql = (query: string, variables: Record<string, unknown>) => post("/api/v1/graphql", { query, variables }, auth);
  const floorCreate: Side = { server: "floor", label: "Express + postgres.js", requests: [post("/api/v1/issues", issueInput)], status: 201 };
  const listPath = `/api/v1/issues?project_id=${facts.readProjectId}&per_page=20`;
  const detailPaths = facts.sampleIssueIds.map((id) => `/api/v1/issues/${id}`);
  const boardRequest = graphql(BOARD, { id: facts.readProjectId });
  const logins = facts.emails.map((email) => ({ email, password: BENCH_PASSWORD }));

  return [
    {
      id: "issue-list",
      title: "1. REST GET /api/v1/issues?project_id=…&per_page=20",
      subject: { server: "api", label: "API (REST bridge)", requests: [get(listPath, auth)], status: 200 },
      baseline: { server: "floor", label: "Express + postgres.js", requests: [get(listPath)], status: 200 },
      goal: { minRatio: 0.6 },
      compare: sameEnvelope,
    },
    {
      id: "issue-detail",
      title: "2. REST GET /api/v1/issues/{id}",
      subject: { server: "api", label: "API (REST bridge)", requests: detailPaths.map((path) => get(path, auth)), status: 200 },
      baseline: { server: "floor", label: "Express + postgres.js", requests: detailPaths.map((path) => get(path)), status: 200 },
      compare: sameEnvelope,
    },
    {
      id: "board",
      title: "3. GraphQL board: a project, its first 50 issues, assignee, reporter, status",
      subject: { server: "api", label: "API (GraphQL)", requests: [boardRequest], status: 200 },
      baseline: {
        server: "postgraphile",
        label: "PostGraphile v4",
        requests: [post("/graphql", { query: POSTGRAPHILE_BOARD, variables: { id: facts.readProjectId } })],
        status: 200,
      },
      goal: { minRatio: 1, maxP95Ms: 50 },
      compare: (ours, theirs) => {
        const ids = (nodes: { id: string }[] | undefined) => nodes?.map((node) => node.id) ?? [];
        const a = ids(ours?.data?.project?.issues?.nodes);
        const b = ids(theirs?.data?.projectById?.issuesByProjectId?.nodes);
        return a.length > 0 && isDeepStrictEqual(a, b) ? null : "boards list different issues";
      },
    },
    {
      id: "board-floor",
      title: "3b. GraphQL board against its floor: one hand-written json_agg statement",
      subject: { server: "api", label: "API (GraphQL)", requests: [boardRequest], status: 200 },
      baseline: {
        server: "floor",
        label: "Express + postgres.js, one json_agg",
        // The API's request body; the floor reads only the variables.
        requests: [post("/board", { query: BOARD, variables: { id: facts.readProjectId, first: BOARD_PAGE_SIZE } })],
        status: 200,
      },
      // The whole response, not only the ids: the floor builds the same JSON, cursors and pageInfo included.
      compare: (ours, floor) =>
        ours?.errors ? JSON.stringify(ours.errors) : ours?.data?.project && isDeepStrictEqual(ours.data, floor?.data) ? null : "board responses differ",
    },
    {
      id: "board-transitions",
      title: "3c. GraphQL board with each issue's available transitions, against the same board without them",
      subject: { server: "api", label: "API (GraphQL), with availableTransitions", requests: [graphql(BOARD_WITH_TRANSITIONS, { id: facts.readProjectId })], status: 200 },
      baseline: { server: "api", label: "API (GraphQL), the board alone", requests: [boardRequest], status: 200 },
      compare: (ours, board) => {
        if (ours?.errors) return JSON.stringify(ours.errors);
        const nodes: { id: string; availableTransitions?: unknown[] }[] = ours?.data?.project?.issues?.nodes ?? [];
        const same = isDeepStrictEqual(nodes.map((node) => node.id), board?.data?.project?.issues?.nodes?.map((node: { id: string }) => node.id));
        return same && nodes.length > 0 && nodes.every((node) => node.availableTransitions?.length) ? null : "boards differ, or cards lack transitions";
      },
    },
    {
      id: "create-rest",
      title: "4a. createIssue over REST (POST /api/v1/issues)",
      subject: { server: "api", label: "API (REST bridge)", requests: [post("/api/v1/issues", issueInput, auth)], status: 201 },
      baseline: floorCreate,
      compare: (ours, floor) => sameCreatedIssue(ours?.data, floor?.data),
    },
    {
      id: "create-graphql",
      title: "4b. createIssue over GraphQL",
      subject: {
        server: "api",
        label: "API (GraphQL)",
        requests: [
          graphql(`mutation CreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { issue { ${CREATE_ISSUE_FIELDS} } } }`, {
            input: {
              projectId: issueInput.project_id,
              summary: issueInput.summary,
              description: issueInput.description,
              issueType: issueInput.issue_type,
              priority: issueInput.priority,
              assigneeId: issueInput.assignee_id,
              customFields: issueInput.custom_fields,
            },
          }),
        ],
        status: 200,
      },
      baseline: floorCreate,
      compare: (ours, floor) => (ours?.errors ? JSON.stringify(ours.errors) : sameCreatedIssue(ours?.data?.createIssue?.issue, floor?.data)),
    },
    {
      id: "login",
      title: "5. Login (POST /api/v1/auth/login, scrypt N=2^15)",
      subject: { server: "api", label: "API (REST bridge)", requests: logins.map((body) => post("/api/v1/auth/login", body)), status: 200 },
      baseline: { server: "floor", label: "Express + postgres.js", requests: logins.map((body) => post("/api/v1/auth/login", body)), status: 200 },
      compare: (ours, floor) => (ours?.data?.user?.id && ours.data.user.id === floor?.data?.user?.id ? null : "signed-in users differ"),
    },
  ];
}
