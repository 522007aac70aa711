export * from "./paging";
export * from "./project-roles";
