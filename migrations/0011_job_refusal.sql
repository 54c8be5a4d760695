-- createJob writes its rate count, document, job, queue entry and first event in one statement,
-- run without a transaction around it when nothing else is committing (src/jobs/create.ts). A
-- request it refuses (past the rate limit, or its idempotency key taken by another request) must
-- write none of it: the statement calls this, and its error undoes the whole statement.
CREATE FUNCTION "docket_refuse"(reason text) RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'DKT01', MESSAGE = reason;
END $$;
