export * from "./webhook.resolver";
