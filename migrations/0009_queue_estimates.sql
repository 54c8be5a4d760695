-- The queue fields' statements (src/jobs/queue-position.ts) as functions, for their plans: as one
-- statement they took longer to plan (~2 ms) than to run, and Postgres kept planning them anew
-- (custom plans) even when prepared. PL/pgSQL keeps each function's plan for the connection, and
-- plan_cache_mode = force_generic_plan makes that one plan, made once per connection.
--
-- docket_queue_places: each page job's place in its organization's queue. `page_jobs` holds the
-- page's open jobs as [{id, priority, seq, document}], seq null unless QUEUED. The model and why
-- it reads no queued job are in src/jobs/queue-position.ts: each job's seq in its lane, less the
-- lane's head, less the seqs between that left without starting (cancelled or failed while queued,
-- or left behind by retryJob in queue_lane_skips), plus the sizes of the lanes of higher priority.
-- Per lane, low = the page's lowest queued seq in it: the seqs gone below low are counted once
-- for the lane, those of [low, s) per job over the page's own short span, and a lane's whole
-- size only where a page job of a lower priority needs it.
CREATE FUNCTION "docket_queue_places"(org_id text, page_jobs jsonb)
RETURNS TABLE (id text, "position" bigint, page_count integer)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH page AS (
    SELECT * FROM jsonb_to_recordset(page_jobs) AS p(id text, priority job_priority, seq bigint, document text)
  ), lane AS MATERIALIZED (
    SELECT p.priority,
      (SELECT min(q.queue_seq) FROM jobs q WHERE q.organization_id = org_id
         AND q.priority = p.priority AND q.status = 'QUEUED') AS head,
      (SELECT l.last_seq FROM queue_lanes l WHERE l.organization_id = org_id
         AND l.priority = p.priority) AS last,
      (SELECT min(pg.seq) FROM page pg WHERE pg.priority = p.priority) AS low
    FROM unnest(enum_range(NULL::job_priority)) AS p(priority)
    -- Only the lanes of the page's queued jobs and those above them.
    WHERE EXISTS (SELECT 1 FROM page pg WHERE pg.seq IS NOT NULL AND pg.priority <= p.priority)
  ), lane_gone AS MATERIALIZED (
    SELECT lane.*,
      CASE WHEN lane.head IS NULL OR lane.low IS NULL THEN 0
        ELSE docket_queue_gone(org_id, lane.priority, lane.head, lane.low) END AS gone_below_low,
      CASE WHEN lane.head IS NULL
          OR NOT EXISTS (SELECT 1 FROM page pg WHERE pg.seq IS NOT NULL AND pg.priority < lane.priority)
        THEN 0 WHEN lane.low IS NULL
        THEN lane.last - lane.head + 1 - docket_queue_gone(org_id, lane.priority, lane.head, lane.last + 1)
        ELSE NULL END AS whole
    FROM lane
  ), lane_size AS MATERIALIZED (
    -- A lane with page jobs in it: its size from the departed seqs already counted below low.
    SELECT g.*, coalesce(g.whole, CASE WHEN g.head IS NULL THEN 0
      ELSE g.last - g.head + 1 - g.gone_below_low
        - docket_queue_gone(org_id, g.priority, greatest(g.low, g.head + 1) - 1, g.last + 1) END) AS queued
    FROM lane_gone g
  )
  SELECT page.id, CASE WHEN page.seq IS NULL OR own.head IS NULL THEN NULL ELSE
      greatest(0, page.seq - own.head - own.gone_below_low
        - docket_queue_gone(org_id, page.priority, greatest(own.low, own.head + 1) - 1, page.seq))
      + (SELECT coalesce(sum(h.queued), 0) FROM lane_size h WHERE h.priority > page.priority)::bigint
    END, d.page_count
  FROM page
  LEFT JOIN lane_size own ON own.priority = page.priority
  LEFT JOIN documents d ON d.id = page.document AND d.organization_id = org_id;
END $$;--> statement-breakpoint
-- Seqs of a lane strictly between lo and hi that left it without starting (both indexed).
-- LANGUAGE sql and no SET: inlined into the statement above.
CREATE FUNCTION "docket_queue_gone"(org_id text, lane_priority job_priority, lo bigint, hi bigint)
RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT (SELECT count(*) FROM jobs c WHERE c.organization_id = org_id AND c.priority = lane_priority
            AND c.status IN ('CANCELLED', 'FAILED') AND c.queue_seq IS NOT NULL
            AND c.queue_seq > lo AND c.queue_seq < hi)
       + (SELECT count(*) FROM queue_lane_skips k WHERE k.organization_id = org_id
            AND k.priority = lane_priority AND k.seq > lo AND k.seq < hi)
$$;--> statement-breakpoint
-- docket_queue_throughput: the organization's latest completions (at most `sample`, none older
-- than `window_minutes`): their count, the oldest's completion, and per endpoint
-- [seconds of run, pages, jobs] over the runs whose pages were counted.
CREATE FUNCTION "docket_queue_throughput"(org_id text, window_minutes integer, sample integer)
RETURNS TABLE (now timestamptz, done bigint, oldest timestamptz, by_endpoint jsonb)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH recent AS (
    SELECT j.endpoint, j.completed_at, d.page_count,
      -- The last attempt's start: a retried job's first run is not this run.
      (j.attempt_history -> -1 ->> 'startedAt')::timestamptz AS started_at
    FROM jobs j JOIN documents d ON d.id = j.document_id
    WHERE j.organization_id = org_id AND j.status = 'COMPLETED'
      AND j.completed_at > now() - make_interval(mins => window_minutes)
    ORDER BY j.completed_at DESC
    LIMIT sample
  )
  SELECT now(), (SELECT count(*) FROM recent), (SELECT min(r.completed_at) FROM recent r),
    (SELECT jsonb_object_agg(e.endpoint, jsonb_build_array(e.seconds, e.pages, e.jobs)) FROM (
      SELECT r.endpoint, sum(extract(epoch FROM r.completed_at - r.started_at))::float8 AS seconds,
        sum(r.page_count) AS pages, count(*) AS jobs
      FROM recent r WHERE r.started_at IS NOT NULL AND r.page_count > 0 GROUP BY r.endpoint) e);
END $$;
