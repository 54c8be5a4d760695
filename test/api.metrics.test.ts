// /metrics through the front door: a completed job is counted by status and endpoint, its
// stages were timed, and the GraphQL operation that created it was too.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dataUrl } from '../testkit/fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
let off: TestServer;
const logLines: Record<string, unknown>[] = [];
beforeAll(async () => {
  const logDestination = { write: (line: string) => void logLines.push(JSON.parse(line)) };
  [s, off] = await Promise.all([
    startTestServer({ env: { LOG_LEVEL: 'info' }, logDestination }),
    startTestServer({ env: { METRICS: 'false' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([s?.close(), off?.close()]);
});

const origin = (server: TestServer) => server.url.replace(/\/graphql$/, '');

async function scrape(server: TestServer): Promise<string> {
  const res = await fetch(`${origin(server)}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

/** The value of one sample, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.indexOf('}'));
    const pairs = Object.fromEntries(
      [...body.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]] as [string, string]),
    );
    if (Object.entries(labels).every(([k, v]) => pairs[k] === v))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

it('counts a completed job by status and endpoint and records its stage durations', async () => {
  const before = await scrape(s);
  expect(sample(before, 'docket_jobs', { status: 'COMPLETED', endpoint: 'PARSE' })).toBeUndefined();

  const res = await s.gql(
    `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url } }) { id } }`,
    { url: dataUrl(Buffer.from('metrics, please'), 'text/plain') },
  );
  const id = res.data!.createJob.id;
  const sub = s.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { status } }`, { id });
  await sub.until(() => true);
  const live = await scrape(s);
  // Our own subscription is open right now.
  expect(live).toMatch(/^docket_subscribers [1-9]\d*$/m);
  await sub.done;
  expect(sub.events.at(-1)!.status).toBe('COMPLETED');

  const after = await scrape(s);
  expect(sample(after, 'docket_jobs', { status: 'COMPLETED', endpoint: 'PARSE' })).toBe(1);
  // Every run starts in VALIDATION; its time there was observed once.
  expect(
    sample(after, 'docket_stage_duration_seconds_count', { endpoint: 'PARSE', stage: 'VALIDATION' }),
  ).toBe(1);
  expect(
    sample(after, 'docket_graphql_operation_duration_seconds_count', {
      type: 'mutation',
      field: 'createJob',
      outcome: 'ok',
    }),
  ).toBeGreaterThanOrEqual(1);
  // pg-boss counts queue tasks in its monitor pass (every 2 s): the completed task leaves
  // 'active' by the next one.
  await expect
    .poll(
      async () => sample(await scrape(s), 'docket_queue_tasks', { queue: 'docket-run', state: 'active' }),
      {
        timeout: 15_000,
        interval: 500,
      },
    )
    .toBe(0);
  expect(after).toMatch(/^docket_process_resident_memory_bytes \d+/m);
  // No organization, key or document name is a label.
  expect(after).not.toMatch(/org-a|dk_/);

  // Every log line of the job's run names the job and its organization. (The worker logs "job
  // finished" after its end has committed, so the subscriber may see COMPLETED first.)
  const runLines = () => logLines.filter((l) => JSON.stringify(l).includes(id));
  await expect
    .poll(() => runLines().map((l) => l.msg), { timeout: 5_000, interval: 50 })
    .toEqual(expect.arrayContaining(['job started', 'job finished']));
  for (const line of runLines())
    expect(line).toMatchObject({ jobId: id, organizationId: expect.any(String) });
});

it('is unauthenticated, and absent with METRICS=false', async () => {
  const text = await scrape(s);
  expect(text).toContain('# TYPE docket_jobs gauge');
  const res = await fetch(`${origin(off)}/metrics`);
  expect(res.status).not.toBe(200);
});
