export * from "./project-member.resolver";
export * from "./project.resolver";
