export * from "./project.input";
export * from "./project.type";
