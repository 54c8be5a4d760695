// The README's "Your first job" as a newcomer pastes it: the shell block itself, run by bash with
// curl against a real server, only its key file and address pointed at the test server.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';

const run = promisify(execFile);
const readme = readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

it('creates a job from a data: URL and follows it over SSE to COMPLETED', async () => {
  const section = readme.slice(readme.indexOf('## Your first job'));
  const script = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  expect(script).toContain('data:text/plain;base64,');
  expect(script).not.toMatch(/https?:\/\/(?!localhost)/); // offline: nothing fetched from elsewhere
  const pointed = script
    .replace('$(cat .data/api-key)', s.keyA)
    .replace('http://localhost:4000/graphql', s.url);
  expect(pointed).not.toBe(script);
  const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', pointed], { timeout: 60_000 });
  const events = stdout
    .split('\n')
    .filter((line) => line.startsWith('data: {'))
    .map((line) => JSON.parse(line.slice(6)).data.jobUpdated);
  expect(events.at(-1)).toMatchObject({
    status: 'COMPLETED',
    qualityGrade: expect.stringMatching(/^[A-D]$/),
  });
  expect(events.at(-1).response.body.text).toContain('Invoice 2026-0042');
  expect(stdout).toContain('event: complete'); // the stream ends after the terminal event
}, 90_000);
