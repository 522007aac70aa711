DROP INDEX "issue_links_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "issue_links_pair_unique" ON "issue_links" USING btree (least("source_issue_id", "target_issue_id"),greatest("source_issue_id", "target_issue_id"),"type");--> statement-breakpoint
CREATE INDEX "issue_links_source_idx" ON "issue_links" USING btree ("source_issue_id");