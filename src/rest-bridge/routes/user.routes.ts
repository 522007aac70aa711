import { PAGE_PARAMETERS, bodyInput, pageQuery, paginated, single, stringQuery } from "../mapping";
import type { RestRoute } from "../route";

const USER_FIELDS = "id email username firstName lastName avatarUrl isActive roles createdAt updatedAt";

/** Seed 001 §3.2, plus the paginated list for administrators. */
export const userRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/users",
    query: [...PAGE_PARAMETERS, { name: "search", description: "Text in the user name, email or name" }],
    operation: `query Users($first: Int, $after: String, $search: String) {
      users(first: $first, after: $after, search: $search) { totalCount nodes { ${USER_FIELDS} } }
    }`,
    variables: (request) => {
      const { first, after } = pageQuery(request);
      return { first, after, search: stringQuery(request, "search") };
    },
    respond: paginated("users"),
  },
  {
    method: "POST",
    path: "/users",
    operation: `mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { user { ${USER_FIELDS} } } }`,
    variables: (request) => ({ input: bodyInput(request) }),
    respond: single("createUser.user"),
    status: 201,
  },
  {
    method: "GET",
    path: "/users/:id",
    operation: `query User($id: ID!) { user(id: $id) { ${USER_FIELDS} } }`,
    variables: (request) => ({ id: request.params.id }),
    respond: single("user"),
  },
  {
    method: "PUT",
    path: "/users/:id",
    operation: `mutation UpdateUser($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { user { ${USER_FIELDS} } } }`,
    variables: (request) => ({ id: request.params.id, input: bodyInput(request) }),
    respond: single("updateUser.user"),
  },
];
