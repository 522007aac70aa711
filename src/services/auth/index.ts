export * as auth from "./auth.service";
export { pruneLoginFailures } from "./login-lock";
