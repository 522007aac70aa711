export * from "./comment.input";
export * from "./comment.type";
