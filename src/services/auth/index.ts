export * as auth from "./auth.service";
