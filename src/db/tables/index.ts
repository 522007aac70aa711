export * from "./tenants";
export * from "./users";
export * from "./sessions";
export * from "./password-reset-tokens";
