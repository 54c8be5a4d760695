DROP INDEX "job_events_org_idx";--> statement-breakpoint
ALTER TABLE "job_events" ADD COLUMN "seq" bigint;--> statement-breakpoint
-- Existing events are numbered per organization in the order they were written.
UPDATE "job_events" e SET "seq" = n.seq FROM (
  SELECT "id", row_number() OVER (PARTITION BY "organization_id" ORDER BY "id") AS seq FROM "job_events"
) n WHERE e."id" = n."id";--> statement-breakpoint
ALTER TABLE "job_events" ALTER COLUMN "seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "event_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "organizations" o SET "event_seq" = m.seq FROM (
  SELECT "organization_id", max("seq") AS seq FROM "job_events" GROUP BY "organization_id"
) m WHERE o."id" = m."organization_id";--> statement-breakpoint
CREATE UNIQUE INDEX "job_events_org_seq_idx" ON "job_events" USING btree ("organization_id","seq");
