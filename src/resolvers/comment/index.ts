export * from "./comment.resolver";
