export * from "./workflow.type";
export * from "./workflow.input";
