CREATE TABLE "workflows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"project_id" uuid,
	"name" text NOT NULL,
	"description" text,
	"issue_types" text[] NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"states" jsonb NOT NULL,
	"transitions" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "resolution" text;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workflows_tenant_project_idx" ON "workflows" USING btree ("tenant_id","project_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "workflows_project_default_unique" ON "workflows" USING btree ("project_id") WHERE "workflows"."is_default";--> statement-breakpoint
-- Every existing project gets the default workflow a new one gets (services/workflow/default-workflow.ts): its statuses in order,
-- the first initial, the closed ones final, and a transition into each state from any other, so every move allowed before stays allowed.
INSERT INTO "workflows" ("tenant_id", "project_id", "name", "description", "issue_types", "is_active", "is_default", "states", "transitions", "created_by")
SELECT p."tenant_id", p."id", 'Default workflow', 'Follows the project''s statuses; governs every issue type no other workflow names.', '{}', true, true,
	(SELECT jsonb_agg(jsonb_build_object(
		'id', gen_random_uuid(), 'name', s.status,
		'type', CASE WHEN s.ord = 1 THEN 'initial' WHEN (p."settings"->'closedStatuses') ? s.status THEN 'final' ELSE 'intermediate' END,
		'category', CASE WHEN s.ord = 1 THEN 'todo' WHEN (p."settings"->'closedStatuses') ? s.status THEN 'done' ELSE 'in_progress' END) ORDER BY s.ord)
	 FROM jsonb_array_elements_text(p."settings"->'statuses') WITH ORDINALITY AS s(status, ord)),
	(SELECT jsonb_agg(jsonb_build_object(
		'id', gen_random_uuid(), 'name', s.status, 'fromState', '*', 'toState', s.status,
		'conditions', '[]'::jsonb, 'validators', '[]'::jsonb, 'postFunctions', '[]'::jsonb) ORDER BY s.ord)
	 FROM jsonb_array_elements_text(p."settings"->'statuses') WITH ORDINALITY AS s(status, ord)),
	p."lead_id"
FROM "projects" p
WHERE p."deleted_at" IS NULL;
