import { PAGE_PARAMETERS, bodyInput, noContent, pageQuery, paginated, single, stringQuery, type PageQuery } from "../mapping";
import type { RestRequest, RestRoute } from "../route";
import { COMMENT_FIELDS, HISTORY_FIELDS, ISSUE_DETAIL_FIELDS, ISSUE_LIST_FIELDS, LINK_FIELDS } from "./fields";

const FILTERS = {
  project_id: "projectId",
  assignee_id: "assigneeId",
  reporter_id: "reporterId",
  status: "status",
  priority: "priority",
  issue_type: "issueType",
  search: "search",
} as const;

const ISSUE_LIST_PARAMETERS = [
  ...PAGE_PARAMETERS,
  ...Object.keys(FILTERS).map((name) => ({ name, description: name === "search" ? "Text in the summary or description" : `Only issues with this ${name.replace("_id", "").replace("_", " ")}` })),
  { name: "sort", description: "Sort field, `-` first for descending (e.g. `-created_at`)" },
];

function issueFilters(request: RestRequest) {
  const filters: Record<string, string> = {};
  for (const [param, field] of Object.entries(FILTERS)) {
    const value = stringQuery(request, param);
    if (value !== undefined) filters[field] = value;
  }
  return filters;
}

const pageVariables = (request: RestRequest) => {
  const { first, after }: PageQuery = pageQuery(request);
  return { id: request.params.id, first, after };
};

/** Seed 001 §5.1 and §5.2, plus links and history. */
export const issueRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/issues",
    query: ISSUE_LIST_PARAMETERS,
    operation: `query Issues($first: Int, $after: String, $filters: IssueFilters, $sort: String) {
      issues(first: $first, after: $after, filters: $filters, sort: $sort) { totalCount nodes { ${ISSUE_LIST_FIELDS} } } }`,
    variables: (request) => {
      const { first, after } = pageQuery(request);
      return { first, after, filters: issueFilters(request), sort: stringQuery(request, "sort") };
    },
    respond: paginated("issues"),
  },
  {
    method: "POST",
    path: "/issues",
    operation: `mutation CreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { issue { ${ISSUE_DETAIL_FIELDS} } } }`,
    variables: (request) => ({ input: bodyInput(request) }),
    respond: single("createIssue.issue"),
    status: 201,
  },
  {
    method: "GET",
    path: "/issues/:id",
    operation: `query Issue($id: ID!) { issue(id: $id) { ${ISSUE_DETAIL_FIELDS} } }`,
    variables: (request) => ({ id: request.params.id }),
    respond: single("issue"),
  },
  {
    method: "PUT",
    path: "/issues/:id",
    operation: `mutation UpdateIssue($id: ID!, $input: UpdateIssueInput!) { updateIssue(id: $id, input: $input) { issue { ${ISSUE_DETAIL_FIELDS} } } }`,
    variables: (request) => ({ id: request.params.id, input: bodyInput(request) }),
    respond: single("updateIssue.issue"),
  },
  {
    method: "DELETE",
    path: "/issues/:id",
    operation: `mutation DeleteIssue($id: ID!) { deleteIssue(id: $id) { deletedId } }`,
    variables: (request) => ({ id: request.params.id }),
    respond: noContent,
    status: 204,
  },
  {
    method: "POST",
    path: "/issues/:id/links",
    operation: `mutation AddIssueLink($issueId: ID!, $input: AddIssueLinkInput!) {
      addIssueLink(issueId: $issueId, input: $input) { link { ${LINK_FIELDS} } } }`,
    variables: (request) => ({ issueId: request.params.id, input: bodyInput(request) }),
    respond: single("addIssueLink.link"),
    status: 201,
  },
  {
    method: "DELETE",
    path: "/issues/:id/links/:link_id",
    operation: `mutation RemoveIssueLink($issueId: ID!, $linkId: ID!) { removeIssueLink(issueId: $issueId, linkId: $linkId) { deletedId } }`,
    variables: (request) => ({ issueId: request.params.id, linkId: request.params.link_id }),
    respond: noContent,
    status: 204,
  },
  {
    method: "GET",
    path: "/issues/:id/history",
    query: PAGE_PARAMETERS,
    operation: `query IssueHistory($id: ID!, $first: Int, $after: String) {
      issue(id: $id) { history(first: $first, after: $after) { totalCount nodes { ${HISTORY_FIELDS} } } } }`,
    variables: pageVariables,
    respond: paginated("issue.history"),
  },
  {
    method: "GET",
    path: "/issues/:id/comments",
    query: PAGE_PARAMETERS,
    operation: `query IssueComments($id: ID!, $first: Int, $after: String) {
      issue(id: $id) { comments(first: $first, after: $after) { totalCount nodes { ${COMMENT_FIELDS} } } } }`,
    variables: pageVariables,
    respond: paginated("issue.comments"),
  },
  {
    method: "POST",
    path: "/issues/:id/comments",
    operation: `mutation AddComment($issueId: ID!, $input: CommentInput!) { addComment(issueId: $issueId, input: $input) { comment { ${COMMENT_FIELDS} } } }`,
    variables: (request) => ({ issueId: request.params.id, input: bodyInput(request) }),
    respond: single("addComment.comment"),
    status: 201,
  },
  {
    method: "PUT",
    path: "/issues/:id/comments/:comment_id",
    operation: `mutation UpdateComment($id: ID!, $issueId: ID, $input: UpdateCommentInput!) {
      updateComment(id: $id, issueId: $issueId, input: $input) { comment { ${COMMENT_FIELDS} } } }`,
    variables: (request) => ({ id: request.params.comment_id, issueId: request.params.id, input: bodyInput(request) }),
    respond: single("updateComment.comment"),
  },
  {
    method: "DELETE",
    path: "/issues/:id/comments/:comment_id",
    operation: `mutation DeleteComment($id: ID!, $issueId: ID) { deleteComment(id: $id, issueId: $issueId) { deletedId } }`,
    variables: (request) => ({ id: request.params.comment_id, issueId: request.params.id }),
    respond: noContent,
    status: 204,
  },
];
