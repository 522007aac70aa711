export * from "./subscription.resolver";
