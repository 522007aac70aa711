export { IssueWorkflowResolver, WorkflowResolver } from "./workflow.resolver";
