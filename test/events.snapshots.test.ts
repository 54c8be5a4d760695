// The event snapshots the hub loads for subscribers (three a job): right rows, and a plan that
// looks each ref up by index however many events the table holds. As a plain join, the prepared
// statement's generic plan hashed the refs against a scan of the whole event table.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect } from '../src/db/client.ts';
import { loadEventSnapshots, SNAPSHOTS_BY_REF } from '../src/events/snapshots.ts';
import { createTestDatabase } from './helpers/database.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let conn: ReturnType<typeof connect>;

beforeAll(async () => {
  database = await createTestDatabase();
  conn = connect(database.url, { max: 2 });
  const { sql } = conn;
  await sql`insert into organizations (id, name) values ('org-s', 'snapshots'), ('org-t', 'other')`;
  await sql`insert into documents (id, organization_id, filename, mime_type, size_bytes, sha256)
    values ('doc-s', 'org-s', 'a.txt', 'text/plain', 1, 'x')`;
  // 3,000 completed jobs with their three events each: QUEUED, IN_PROGRESS, COMPLETED.
  await sql`insert into jobs (id, organization_id, document_id, endpoint, status, version, progress, expires_at)
    select 'job-' || i, 'org-s', 'doc-s', 'PARSE', 'COMPLETED', 3, 1, now() + interval '1 day'
    from generate_series(1, 3000) i`;
  await sql`insert into job_events (job_id, organization_id, seq, version, status, progress, attempts)
    select 'job-' || i, 'org-s', (i - 1) * 3 + v, v,
      (array['QUEUED', 'IN_PROGRESS', 'COMPLETED'])[v]::job_status, (v - 1) / 2.0, least(v - 1, 1)
    from generate_series(1, 3000) i, generate_series(1, 3) v`;
  await sql`analyze jobs`;
  await sql`analyze job_events`;
});

afterAll(async () => {
  await conn?.sql.end();
  await database?.drop();
});

it('gives each ref the job as that version left it, in the order asked, and skips refs of another organization', async () => {
  const got = await loadEventSnapshots(conn.db, [
    { jobId: 'job-7', version: 2, organizationId: 'org-s', status: 'IN_PROGRESS' },
    { jobId: 'job-2999', version: 3, organizationId: 'org-s', status: 'COMPLETED' },
    { jobId: 'job-7', version: 1, organizationId: 'org-s', status: 'QUEUED' },
    { jobId: 'job-8', version: 3, organizationId: 'org-t', status: 'COMPLETED' },
    { jobId: 'job-9', version: 4, organizationId: 'org-s', status: 'COMPLETED' },
  ]);
  expect(got.map((s) => [s.id, s.version, s.status, s.seq])).toEqual([
    ['job-7', 2, 'IN_PROGRESS', 20],
    ['job-2999', 3, 'COMPLETED', 8997],
    ['job-7', 1, 'QUEUED', 19],
  ]);
});

it('looks every ref up by index in its generic plan, not by scanning the event or job table', async () => {
  const { sql } = conn;
  const plan = await sql.begin(async (tx) => {
    await tx`set local plan_cache_mode = force_generic_plan`;
    await tx.unsafe(`prepare snapshots_plan as ${SNAPSHOTS_BY_REF.text}`);
    const keys = JSON.stringify([{ j: 'job-7', v: 2, o: 'org-s' }]);
    const rows = await tx.unsafe(`explain (format text) execute snapshots_plan('${keys}')`);
    await tx.unsafe('deallocate snapshots_plan');
    return rows.map((r) => Object.values(r)[0]).join('\n');
  });
  expect(plan).toContain('job_events_job_version_idx');
  expect(plan).not.toMatch(/Seq Scan on (job_events|jobs)/);
});
