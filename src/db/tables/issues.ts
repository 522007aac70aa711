import { sql } from "drizzle-orm";
import { bigint, customType, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { idColumn, createdAtColumn, updatedAtColumn, deletedAtColumn } from "./columns";
import { projects } from "./projects";
import { tenantIdColumn } from "./tenants";
import { users } from "./users";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const issues = pgTable(
  "issues",
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id),
    number: integer("number").notNull(),
    /** `PROJ-123`; project keys never change, so this is stored for lookups and display. */
    key: text("key").notNull(),
    summary: text("summary").notNull(),
    description: text("description"),
    issueType: text("issue_type").notNull(),
    status: text("status").notNull(),
    priority: text("priority").notNull(),
    assigneeId: uuid("assignee_id").references(() => users.id),
    /** How the issue ended, e.g. `Fixed`; workflows require or set it. */
    resolution: text("resolution"),
    reporterId: uuid("reporter_id")
      .notNull()
      .references(() => users.id),
    customFields: jsonb("custom_fields").$type<Record<string, unknown>>().notNull().default({}),
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B')`,
    ),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
    deletedAt: deletedAtColumn(),
  },
  (table) => [
    uniqueIndex("issues_project_number_unique").on(table.projectId, table.number),
    index("issues_tenant_project_created_idx").on(table.tenantId, table.projectId, table.createdAt),
    index("issues_assignee_idx").on(table.assigneeId),
    index("issues_reporter_idx").on(table.reporterId),
    index("issues_search_idx").using("gin", table.searchVector),
  ],
);

export const issueLinks = pgTable(
  "issue_links",
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    /** Stored in the active wording: source `blocks` target. */
    type: text("type").notNull(),
    sourceIssueId: uuid("source_issue_id")
      .notNull()
      .references(() => issues.id),
    targetIssueId: uuid("target_issue_id")
      .notNull()
      .references(() => issues.id),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAtColumn(),
  },
  (table) => [
    // One relation of a type per pair, whichever way round: `A blocks B` excludes `B blocks A`.
    uniqueIndex("issue_links_pair_unique").on(
      sql`least(${table.sourceIssueId}, ${table.targetIssueId})`,
      sql`greatest(${table.sourceIssueId}, ${table.targetIssueId})`,
      table.type,
    ),
    index("issue_links_source_idx").on(table.sourceIssueId),
    index("issue_links_target_idx").on(table.targetIssueId),
  ],
);

export const comments = pgTable(
  "comments",
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    content: text("content").notNull(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
    deletedAt: deletedAtColumn(),
  },
  (table) => [index("comments_issue_created_idx").on(table.issueId, table.createdAt)],
);

export const issueHistory = pgTable(
  "issue_history",
  {
    id: idColumn(),
    /** Entries of one update share `created_at`; this keeps them in the order they were written. */
    sequence: bigint("sequence", { mode: "number" }).generatedAlwaysAsIdentity(),
    tenantId: tenantIdColumn(),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => users.id),
    /** The REST (snake_case) name of the field, e.g. `status` or `custom_fields.story_points`. */
    field: text("field").notNull(),
    fromValue: jsonb("from_value"),
    toValue: jsonb("to_value"),
    createdAt: createdAtColumn(),
  },
  (table) => [index("issue_history_issue_idx").on(table.issueId, table.sequence)],
);

/** An issue as the services read it: `search_vector` is left out (see `issueColumns`). */
export type IssueRow = Omit<typeof issues.$inferSelect, "searchVector">;
export type IssueLinkRow = typeof issueLinks.$inferSelect;
export type CommentRow = typeof comments.$inferSelect;
export type IssueHistoryRow = typeof issueHistory.$inferSelect;
