export * from "./demo.type";
