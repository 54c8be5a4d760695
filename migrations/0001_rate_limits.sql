CREATE TABLE "rate_limits" (
	"organization_id" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "rate_limits_org_window_idx" ON "rate_limits" USING btree ("organization_id","window_start");