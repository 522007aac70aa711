export * from "./issue-event.type";
export * from "./issue.input";
export * from "./issue.type";
