export * from "./auth.resolver";
