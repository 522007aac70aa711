-- One row per change, naming every seed 001 §14.1 type it is (type first).
-- Existing rows were one type each.
ALTER TABLE "events" ADD COLUMN "types" text[];--> statement-breakpoint
UPDATE "events" SET "types" = ARRAY["type"];--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "types" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_types_start_with_type" CHECK ("events"."types"[1] = "events"."type");
