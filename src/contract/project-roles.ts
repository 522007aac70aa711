/** Every project role; the GraphQL `ProjectRole` enum, input validation and the project policy are built from this list. */
export const PROJECT_ROLES = ["admin", "member", "viewer"] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];
