export * as workflows from "./workflow.service";
export { insertDefaultWorkflow, syncDefaultWorkflow, workflowForIssue } from "./workflow.service";
export { executeTransitionSchema } from "./workflow.input";
export { TransitionJudge, type TransitionOption } from "./transition-judge";
export { governingWorkflow, activeWorkflowsFor, initialState, stateNamed } from "./governing-workflow";
export type { IssueFacts, TransitionBlock } from "./workflow-rules";
