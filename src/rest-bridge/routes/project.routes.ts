import { PAGE_PARAMETERS, bodyInput, confirmationMessage, noContent, pageQuery, paginated, single, stringQuery } from "../mapping";
import type { RestRoute } from "../route";
import { MEMBER_FIELDS, PROJECT_DETAIL_FIELDS, PROJECT_LIST_FIELDS } from "./fields";

const SEARCH = { name: "search", description: "Text in the project key, name or description" };
const SORT = { name: "sort", description: "Sort field, `-` first for descending (e.g. `-created_at`)" };

/** Seed 001 §4.1 and §4.2. */
export const projectRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/projects",
    query: [...PAGE_PARAMETERS, SEARCH, { name: "status", description: "Only projects in this status (active, archived)" }, SORT],
    operation: `query Projects($first: Int, $after: String, $search: String, $status: String, $sort: String) {
      projects(first: $first, after: $after, search: $search, status: $status, sort: $sort) { totalCount nodes { ${PROJECT_LIST_FIELDS} } } }`,
    variables: (request) => {
      const { first, after } = pageQuery(request);
      return { first, after, search: stringQuery(request, "search"), status: stringQuery(request, "status"), sort: stringQuery(request, "sort") };
    },
    respond: paginated("projects"),
  },
  {
    method: "POST",
    path: "/projects",
    operation: `mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { project { ${PROJECT_DETAIL_FIELDS} } } }`,
    variables: (request) => ({ input: bodyInput(request) }),
    respond: single("createProject.project"),
    status: 201,
  },
  {
    method: "GET",
    path: "/projects/:id",
    operation: `query Project($id: ID!) { project(id: $id) { ${PROJECT_DETAIL_FIELDS} } }`,
    variables: (request) => ({ id: request.params.id }),
    respond: single("project"),
  },
  {
    method: "PUT",
    path: "/projects/:id",
    operation: `mutation UpdateProject($id: ID!, $input: UpdateProjectInput!) {
      updateProject(id: $id, input: $input) { project { ${PROJECT_DETAIL_FIELDS} } } }`,
    variables: (request) => ({ id: request.params.id, input: bodyInput(request) }),
    respond: single("updateProject.project"),
  },
  {
    method: "DELETE",
    path: "/projects/:id",
    operation: `mutation DeleteProject($id: ID!) { deleteProject(id: $id) { deletedId } }`,
    variables: (request) => ({ id: request.params.id }),
    respond: confirmationMessage("Project deleted successfully"),
  },
  {
    method: "GET",
    path: "/projects/:id/members",
    query: PAGE_PARAMETERS,
    operation: `query ProjectMembers($id: ID!, $first: Int, $after: String) {
      projectMembers(projectId: $id, first: $first, after: $after) { totalCount nodes { ${MEMBER_FIELDS} } } }`,
    variables: (request) => {
      const { first, after } = pageQuery(request);
      return { id: request.params.id, first, after };
    },
    respond: paginated("projectMembers"),
  },
  {
    method: "POST",
    path: "/projects/:id/members",
    operation: `mutation AddProjectMember($projectId: ID!, $input: AddProjectMemberInput!) {
      addProjectMember(projectId: $projectId, input: $input) { member { ${MEMBER_FIELDS} } } }`,
    variables: (request) => ({ projectId: request.params.id, input: bodyInput(request) }),
    respond: single("addProjectMember.member"),
    status: 201,
  },
  {
    method: "PUT",
    path: "/projects/:id/members/:user_id",
    operation: `mutation UpdateProjectMember($projectId: ID!, $userId: ID!, $input: UpdateProjectMemberInput!) {
      updateProjectMember(projectId: $projectId, userId: $userId, input: $input) { member { ${MEMBER_FIELDS} } } }`,
    variables: (request) => ({ projectId: request.params.id, userId: request.params.user_id, input: bodyInput(request) }),
    respond: single("updateProjectMember.member"),
  },
  {
    method: "DELETE",
    path: "/projects/:id/members/:user_id",
    operation: `mutation RemoveProjectMember($projectId: ID!, $userId: ID!) {
      removeProjectMember(projectId: $projectId, userId: $userId) { userId } }`,
    variables: (request) => ({ projectId: request.params.id, userId: request.params.user_id }),
    respond: noContent,
    status: 204,
  },
];
