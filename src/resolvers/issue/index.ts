export * from "./issue-columns";
export * from "./issue-history.resolver";
export * from "./issue-link.resolver";
export * from "./issue.resolver";
