export * from "./config";
export * from "./rate-limit-policy";
