export * from "./user.resolver";
