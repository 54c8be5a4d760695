CREATE TABLE "queue_lane_gone" (
	"organization_id" text NOT NULL,
	"priority" "job_priority" NOT NULL,
	"bucket" bigint NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "queue_lane_gone_organization_id_priority_bucket_pk" PRIMARY KEY("organization_id","priority","bucket")
);
--> statement-breakpoint
ALTER TABLE "queue_lane_gone" ADD CONSTRAINT "queue_lane_gone_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Kept by triggers, so that every path that cancels, fails, retries, expires or deletes a job
-- counts it without a line of its own. Only rows entering or leaving the set fire them: a
-- cancel or failure with its seq, a retry (the job's old seq moves to queue_lane_skips), an
-- expiry or deletion of such a job. Updates of other jobs' status (start, completion) do not.
-- n += delta for the bucket of (organization, priority, seq).
CREATE FUNCTION "docket_gone_add"(org_id text, lane_priority job_priority, seq bigint, delta integer)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO "queue_lane_gone" AS g ("organization_id", "priority", "bucket", "n")
  VALUES (org_id, lane_priority, seq >> 10, delta)
  ON CONFLICT ("organization_id", "priority", "bucket") DO UPDATE SET "n" = g."n" + delta
$$;--> statement-breakpoint
CREATE FUNCTION "docket_count_gone"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD."status" IN ('CANCELLED', 'FAILED') AND OLD."queue_seq" IS NOT NULL THEN
    PERFORM docket_gone_add(OLD."organization_id", OLD."priority", OLD."queue_seq", -1);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW."status" IN ('CANCELLED', 'FAILED') AND NEW."queue_seq" IS NOT NULL THEN
    PERFORM docket_gone_add(NEW."organization_id", NEW."priority", NEW."queue_seq", 1);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "jobs_gone_on_insert" AFTER INSERT ON "jobs" FOR EACH ROW
  WHEN (NEW."status" IN ('CANCELLED', 'FAILED') AND NEW."queue_seq" IS NOT NULL)
  EXECUTE FUNCTION "docket_count_gone"();--> statement-breakpoint
CREATE TRIGGER "jobs_gone_on_update" AFTER UPDATE OF "status", "queue_seq", "priority", "organization_id" ON "jobs" FOR EACH ROW
  WHEN ((OLD."status" IN ('CANCELLED', 'FAILED') AND OLD."queue_seq" IS NOT NULL)
     OR (NEW."status" IN ('CANCELLED', 'FAILED') AND NEW."queue_seq" IS NOT NULL))
  EXECUTE FUNCTION "docket_count_gone"();--> statement-breakpoint
CREATE TRIGGER "jobs_gone_on_delete" AFTER DELETE ON "jobs" FOR EACH ROW
  WHEN (OLD."status" IN ('CANCELLED', 'FAILED') AND OLD."queue_seq" IS NOT NULL)
  EXECUTE FUNCTION "docket_count_gone"();--> statement-breakpoint
CREATE FUNCTION "docket_count_skip"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM docket_gone_add(OLD."organization_id", OLD."priority", OLD."seq", -1);
  ELSE
    PERFORM docket_gone_add(NEW."organization_id", NEW."priority", NEW."seq", 1);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "queue_lane_skips_gone" AFTER INSERT OR DELETE ON "queue_lane_skips" FOR EACH ROW
  EXECUTE FUNCTION "docket_count_skip"();--> statement-breakpoint
-- What is there already (the triggers above hold the jobs table's writers off until commit).
INSERT INTO "queue_lane_gone" ("organization_id", "priority", "bucket", "n")
SELECT "organization_id", "priority", "seq" >> 10, count(*) FROM (
  SELECT "organization_id", "priority", "queue_seq" AS "seq" FROM "jobs"
  WHERE "status" IN ('CANCELLED', 'FAILED') AND "queue_seq" IS NOT NULL
  UNION ALL
  SELECT "organization_id", "priority", "seq" FROM "queue_lane_skips"
) gone GROUP BY 1, 2, 3;--> statement-breakpoint
-- docket_queue_places as in 0009 (the model is in src/jobs/queue-position.ts), with the seqs gone
-- counted from the buckets, and the page's own short span listed once instead of counted per
-- job by a function call each (a LANGUAGE sql function with subqueries is not inlined). The page
-- comes as four arrays (id, priority, seq or null unless QUEUED, document), not as jsonb, which
-- cost more to build and read than the rest of the function.
DROP FUNCTION "docket_queue_places"(text, jsonb);--> statement-breakpoint
CREATE FUNCTION "docket_queue_places"(org_id text, page_ids text[], page_priorities job_priority[],
  page_seqs bigint[], page_documents text[])
RETURNS TABLE (id text, "position" bigint, page_count integer)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH page AS MATERIALIZED (
    SELECT * FROM unnest(page_ids, page_priorities, page_seqs, page_documents) AS p(id, priority, seq, document)
  ), lane AS MATERIALIZED (
    -- The lanes of the page's queued jobs and those above them, with a head: low and high are
    -- the page's lowest and highest seq in the lane; a lane's size is needed where a page job
    -- of a lower priority waits behind it.
    SELECT p.priority, h.head, l.last_seq AS last, s.low, s.high,
      EXISTS (SELECT 1 FROM page pg WHERE pg.seq IS NOT NULL AND pg.priority < p.priority) AS needs_size
    FROM unnest(enum_range(NULL::job_priority)) AS p(priority)
    CROSS JOIN LATERAL (SELECT min(q.queue_seq) AS head FROM jobs q WHERE q.organization_id = org_id
      AND q.priority = p.priority AND q.status = 'QUEUED') h
    JOIN queue_lanes l ON l.organization_id = org_id AND l.priority = p.priority
    CROSS JOIN LATERAL (SELECT min(pg.seq) AS low, max(pg.seq) AS high FROM page pg
      WHERE pg.priority = p.priority) s
    WHERE h.head IS NOT NULL
      AND EXISTS (SELECT 1 FROM page pg WHERE pg.seq IS NOT NULL AND pg.priority <= p.priority)
  ), counted AS MATERIALIZED (
    -- Seqs gone strictly between lo and hi: (head, low) for every lane with page jobs, and
    -- [low, last] (or (head, last] in a lane without page jobs) for a lane whose size is needed,
    -- so no bucket is summed twice. Whole buckets between are summed; the two end buckets are
    -- counted on the indexes (the second only when it is another bucket).
    SELECT lane.priority, r.kind,
      (SELECT count(*) FROM jobs c WHERE c.organization_id = org_id AND c.priority = lane.priority
         AND c.status IN ('CANCELLED', 'FAILED') AND c.queue_seq IS NOT NULL
         AND c.queue_seq > r.lo AND c.queue_seq < least(r.hi, ((r.lo >> 10) + 1) << 10))
      + (SELECT count(*) FROM jobs c WHERE c.organization_id = org_id AND c.priority = lane.priority
         AND c.status IN ('CANCELLED', 'FAILED') AND c.queue_seq IS NOT NULL
         AND (r.hi >> 10) > (r.lo >> 10) AND c.queue_seq >= (r.hi >> 10) << 10 AND c.queue_seq < r.hi)
      + (SELECT count(*) FROM queue_lane_skips k WHERE k.organization_id = org_id AND k.priority = lane.priority
         AND k.seq > r.lo AND k.seq < least(r.hi, ((r.lo >> 10) + 1) << 10))
      + (SELECT count(*) FROM queue_lane_skips k WHERE k.organization_id = org_id AND k.priority = lane.priority
         AND (r.hi >> 10) > (r.lo >> 10) AND k.seq >= (r.hi >> 10) << 10 AND k.seq < r.hi)
      + (SELECT coalesce(sum(b.n), 0) FROM queue_lane_gone b WHERE b.organization_id = org_id
         AND b.priority = lane.priority AND b.bucket > r.lo >> 10 AND b.bucket < r.hi >> 10)::bigint AS gone
    FROM lane
    CROSS JOIN LATERAL (VALUES ('below_low', lane.head, lane.low),
      ('rest', coalesce(lane.low - 1, lane.head), lane.last + 1)) r(kind, lo, hi)
    WHERE r.hi IS NOT NULL AND (r.kind = 'below_low' OR lane.needs_size)
  ), lane_size AS MATERIALIZED (
    SELECT lane.priority, lane.head, lane.low,
      coalesce((SELECT c.gone FROM counted c WHERE c.priority = lane.priority AND c.kind = 'below_low'), 0) AS gone_below_low,
      CASE WHEN lane.needs_size THEN lane.last - lane.head + 1
        - (SELECT sum(c.gone) FROM counted c WHERE c.priority = lane.priority)::bigint ELSE 0 END AS queued
    FROM lane
  ), span AS MATERIALIZED (
    -- The seqs gone from each lane's low (past its head) up to its high: a page's jobs were
    -- created together, so the span is short; listed once, then counted per job below.
    SELECT lane.priority, c.queue_seq AS seq FROM lane
    JOIN jobs c ON c.organization_id = org_id AND c.priority = lane.priority
      AND c.status IN ('CANCELLED', 'FAILED') AND c.queue_seq IS NOT NULL
      AND c.queue_seq >= greatest(lane.low, lane.head + 1) AND c.queue_seq < lane.high
    UNION ALL
    SELECT lane.priority, k.seq FROM lane
    JOIN queue_lane_skips k ON k.organization_id = org_id AND k.priority = lane.priority
      AND k.seq >= greatest(lane.low, lane.head + 1) AND k.seq < lane.high
  )
  SELECT page.id, CASE WHEN page.seq IS NULL OR own.head IS NULL THEN NULL ELSE
      greatest(0, page.seq - own.head - own.gone_below_low
        - (SELECT count(*) FROM span s WHERE s.priority = page.priority AND s.seq < page.seq))
      + (SELECT coalesce(sum(h.queued), 0) FROM lane_size h WHERE h.priority > page.priority)::bigint
    END, d.page_count
  FROM page
  LEFT JOIN lane_size own ON own.priority = page.priority
  LEFT JOIN documents d ON d.id = page.document AND d.organization_id = org_id;
END $$;--> statement-breakpoint
DROP FUNCTION "docket_queue_gone"(text, job_priority, bigint, bigint);
