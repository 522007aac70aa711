import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { idColumn, createdAtColumn, updatedAtColumn, deletedAtColumn } from "./columns";
import { tenantIdColumn } from "./tenants";
import { users } from "./users";

/** Per-project configuration: allowed values for issues and the custom fields they carry. */
export interface ProjectSettings {
  issueTypes: string[];
  priorities: string[];
  /** Workflow order: the first is where new issues start. */
  statuses: string[];
  /** Statuses that count as closed in statistics; the rest after the first count as in progress. */
  closedStatuses: string[];
  customFields: CustomFieldDefinition[];
}

export type CustomFieldType = "text" | "number" | "date" | "select" | "user";

export interface CustomFieldDefinition {
  key: string;
  name: string;
  type: CustomFieldType;
  options?: string[];
  required: boolean;
}

export const projects = pgTable(
  "projects",
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    projectType: text("project_type").notNull(),
    status: text("status").notNull().default("active"),
    leadId: uuid("lead_id")
      .notNull()
      .references(() => users.id),
    settings: jsonb("settings").$type<ProjectSettings>().notNull(),
    /** Last issue number handed out; incremented under the row lock so numbers are consecutive. */
    issueCounter: integer("issue_counter").notNull().default(0),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
    deletedAt: deletedAtColumn(),
  },
  (table) => [
    // Includes deleted projects: a key stays reserved after deletion.
    uniqueIndex("projects_tenant_key_unique").on(table.tenantId, table.key),
    index("projects_tenant_created_idx").on(table.tenantId, table.createdAt).where(sql`${table.deletedAt} is null`),
  ],
);

export const projectMembers = pgTable(
  "project_members",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tenantId: tenantIdColumn(),
    role: text("role").notNull(),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.projectId, table.userId] }), index("project_members_user_idx").on(table.userId)],
);

export type ProjectRow = typeof projects.$inferSelect;
export type ProjectMemberRow = typeof projectMembers.$inferSelect;
