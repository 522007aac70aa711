export * from "./auth.input";
export * from "./auth.type";
