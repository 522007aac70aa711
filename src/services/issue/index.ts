export * as issues from "./issue.service";
export * as links from "./issue-link.service";
export { issueEvent } from "./issue.service";
export { linksOfIssues, type LinkView } from "./issue-link.service";
