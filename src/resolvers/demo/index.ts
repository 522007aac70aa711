export * from "./demo.resolver";
