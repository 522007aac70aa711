import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { idColumn, createdAtColumn, updatedAtColumn } from "./columns";
import { tenantIdColumn } from "./tenants";
import { users } from "./users";
import { projects } from "./projects";

export type StateType = "initial" | "intermediate" | "final";
export type StateCategory = "todo" | "in_progress" | "done";

export interface WorkflowState {
  id: string;
  name: string;
  type: StateType;
  /** The board column group it belongs to. */
  category: StateCategory;
}

/** Who may use a transition. */
export type TransitionCondition =
  | { type: "project_role"; roles: string[] }
  | { type: "assignee_only" }
  | { type: "reporter_only" }
  | { type: "scope"; scope: string };

/** What must hold before a transition runs. */
export type TransitionValidator =
  | { type: "field_required"; field: string }
  | { type: "comment_required" }
  | { type: "linked_issues_in_category"; linkType: string; category: StateCategory };

/** What a transition does besides moving the issue, in the same transaction. */
export type PostFunction = { type: "assign_to"; who: "reporter" | "caller" | "none" } | { type: "set_field"; field: string; value: string | null };

export interface WorkflowTransition {
  id: string;
  name: string;
  /** A state name, or `*` for any state but the target. */
  fromState: string;
  toState: string;
  conditions: TransitionCondition[];
  validators: TransitionValidator[];
  postFunctions: PostFunction[];
}

/**
 * A workflow (seed 001 §6): the states an issue of the issue types it governs
 * moves through, and the transitions between them. `project_id` null makes it
 * the workspace's; `issue_types` empty makes it its project's default, which
 * governs the types no other workflow names and follows the project's statuses.
 */
export const workflows = pgTable(
  "workflows",
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    issueTypes: text("issue_types").array().notNull(),
    isActive: boolean("is_active").notNull().default(true),
    isDefault: boolean("is_default").notNull().default(false),
    states: jsonb("states").$type<WorkflowState[]>().notNull(),
    transitions: jsonb("transitions").$type<WorkflowTransition[]>().notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    index("workflows_tenant_project_idx").on(table.tenantId, table.projectId, table.createdAt, table.id),
    uniqueIndex("workflows_project_default_unique").on(table.projectId).where(sql`${table.isDefault}`),
  ],
);

export type WorkflowRow = typeof workflows.$inferSelect;
