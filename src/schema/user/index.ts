export * from "./user.input";
export * from "./user.type";
