export type { AuthenticatedContext, ServiceContext, ServiceDeps, ServiceSettings, WebhookSettings } from "./context";
export { openLoginGuard, type LoginGuard } from "./login-guard";
export * from "./validation/common";
export * from "./validation/fields";
export * from "./validation/parse-input";
