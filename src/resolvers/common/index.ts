export * from "./idempotent";
export * from "./lookahead";
export * from "./pagination";
export * from "./preload";
