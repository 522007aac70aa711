export * as issues from "./issue.service";
export * as links from "./issue-link.service";
export { issueEvent } from "./issue.events";
export { linksOfIssues, type LinkView } from "./issue-link.service";
export { executeTransition, availableTransitions, type TransitionExecution } from "./issue-transition";
