export * as projects from "./project.service";
export * as members from "./member.service";
export { defaultPriority, initialStatus, settingsProblems } from "./project-settings";
