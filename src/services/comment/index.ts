export * as comments from "./comment.service";
