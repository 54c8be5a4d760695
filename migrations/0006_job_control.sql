CREATE TYPE "public"."job_priority" AS ENUM('LOW', 'NORMAL', 'HIGH');--> statement-breakpoint
CREATE TABLE "usage_daily" (
	"organization_id" text NOT NULL,
	"day" date NOT NULL,
	"endpoint" "job_endpoint" NOT NULL,
	"jobs" integer NOT NULL,
	"pages" bigint NOT NULL,
	CONSTRAINT "usage_daily_organization_id_day_endpoint_pk" PRIMARY KEY("organization_id","day","endpoint")
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "priority" "job_priority" DEFAULT 'NORMAL' NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "attempt_history" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;