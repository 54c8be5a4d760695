DROP INDEX "jobs_org_created_idx";--> statement-breakpoint
DROP INDEX "jobs_org_status_created_idx";--> statement-breakpoint
CREATE INDEX "jobs_org_created_idx" ON "jobs" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "jobs_org_status_created_idx" ON "jobs" USING btree ("organization_id","status","created_at","id");