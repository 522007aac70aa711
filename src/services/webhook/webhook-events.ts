/**
 * What a hook may follow: the seed 001 §14.1 events and the comment events. Outbox events carry
 * these names, so a hook's list is matched against an event's types directly.
 */
export const WEBHOOK_EVENTS = [
  "issue.created",
  "issue.updated",
  "issue.deleted",
  "issue.status_changed",
  "issue.assigned",
  "comment.created",
  "comment.updated",
  "comment.deleted",
  "project.created",
  "project.updated",
  "project.deleted",
  "project.member_added",
  "project.member_removed",
  "user.created",
  "user.updated",
  "user.deactivated",
  "workflow.transition_executed",
  "workflow.created",
  "workflow.updated",
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Events about users, not projects: only a workspace-wide hook can receive them. */
export const isWorkspaceEvent = (event: string) => event.startsWith("user.");

/** The delivery a ping makes; no outbox event has this name. */
export const PING_EVENT = "ping";
