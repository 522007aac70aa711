export * from "./webhook.input";
export * from "./webhook.type";
