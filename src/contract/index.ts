export * from "./paging";
export * from "./project-roles";
export * from "./link-types";
