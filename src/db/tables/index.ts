export * from "./tenants";
export * from "./users";
export * from "./sessions";
export * from "./password-reset-tokens";
export * from "./projects";
export * from "./issues";
export * from "./events";
export * from "./idempotency-keys";
