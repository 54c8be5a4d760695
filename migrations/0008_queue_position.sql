CREATE TABLE "queue_lane_skips" (
	"organization_id" text NOT NULL,
	"priority" "job_priority" NOT NULL,
	"seq" bigint NOT NULL,
	CONSTRAINT "queue_lane_skips_organization_id_priority_seq_pk" PRIMARY KEY("organization_id","priority","seq")
);
--> statement-breakpoint
CREATE TABLE "queue_lanes" (
	"organization_id" text NOT NULL,
	"priority" "job_priority" NOT NULL,
	"last_seq" bigint NOT NULL,
	CONSTRAINT "queue_lanes_organization_id_priority_pk" PRIMARY KEY("organization_id","priority")
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "queue_seq" bigint;--> statement-breakpoint
ALTER TABLE "queue_lane_skips" ADD CONSTRAINT "queue_lane_skips_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_lanes" ADD CONSTRAINT "queue_lanes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "jobs_lane_queued_idx" ON "jobs" USING btree ("organization_id","priority","queue_seq") WHERE status = 'QUEUED';--> statement-breakpoint
CREATE INDEX "jobs_lane_left_idx" ON "jobs" USING btree ("organization_id","priority","queue_seq") WHERE status in ('CANCELLED', 'FAILED') and queue_seq is not null;--> statement-breakpoint
CREATE INDEX "jobs_org_completed_idx" ON "jobs" USING btree ("organization_id","completed_at") WHERE status = 'COMPLETED';--> statement-breakpoint
-- A job takes the next seq of its lane (organization, priority) whenever it becomes QUEUED: on
-- creation and on retryJob. In a trigger so that every path that queues a job (createJob,
-- createJobs, retryJob, anything later) numbers it without a round trip or a line of its own;
-- the lane row's lock orders concurrent enqueues of one lane and is released at their commit.
-- A job queued again leaves its old seq behind as a skip: ahead of nobody, like a cancelled job.
CREATE FUNCTION "docket_take_queue_seq"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."queue_seq" IS NOT NULL THEN
    INSERT INTO "queue_lane_skips" ("organization_id", "priority", "seq")
    VALUES (OLD."organization_id", OLD."priority", OLD."queue_seq") ON CONFLICT DO NOTHING;
  END IF;
  INSERT INTO "queue_lanes" AS l ("organization_id", "priority", "last_seq")
  VALUES (NEW."organization_id", NEW."priority", 1)
  ON CONFLICT ("organization_id", "priority") DO UPDATE SET "last_seq" = l."last_seq" + 1
  RETURNING l."last_seq" INTO NEW."queue_seq";
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "jobs_queue_seq_on_insert" BEFORE INSERT ON "jobs"
  FOR EACH ROW WHEN (NEW."status" = 'QUEUED') EXECUTE FUNCTION "docket_take_queue_seq"();--> statement-breakpoint
CREATE TRIGGER "jobs_queue_seq_on_requeue" BEFORE UPDATE OF "status" ON "jobs"
  FOR EACH ROW WHEN (NEW."status" = 'QUEUED' AND OLD."status" <> 'QUEUED')
  EXECUTE FUNCTION "docket_take_queue_seq"();--> statement-breakpoint
-- Jobs already queued when this runs: numbered in the order the queue runs them.
WITH numbered AS (
  SELECT "id", row_number() OVER (PARTITION BY "organization_id", "priority" ORDER BY "created_at", "id") AS seq
  FROM "jobs" WHERE "status" = 'QUEUED'
)
UPDATE "jobs" j SET "queue_seq" = numbered.seq FROM numbered WHERE j."id" = numbered."id";--> statement-breakpoint
INSERT INTO "queue_lanes" ("organization_id", "priority", "last_seq")
SELECT "organization_id", "priority", max("queue_seq") FROM "jobs" WHERE "queue_seq" IS NOT NULL
GROUP BY "organization_id", "priority";
