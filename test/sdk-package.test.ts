// The SDK as someone else's project gets it: `npm run sdk:pack` makes the tarball, a fresh project
// installs it (offline: the package has no dependencies to fetch), and the system's Node (20 on
// this machine, not the project's Node 24) uploads a file and waits for the job against a real
// server; TypeScript checks a consumer against the shipped .d.ts, and a browser bundle leaves
// node:fs out.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';

const run = promisify(execFile);
const root = path.join(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

/** The first `node` on the PATH outside any node_modules (what a user's shell runs), else /usr/bin/node. */
function systemNode(): string {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d && !d.includes('node_modules'));
  const found = [...dirs.map((d) => path.join(d, 'node')), '/usr/bin/node'].find((p) => existsSync(p));
  if (!found) throw new Error('no system node outside node_modules on the PATH');
  return found;
}

const CONSUMER = `
import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { DocketClient, DocketError } from '@docket/client';

const [url, apiKey, mode] = process.argv.slice(2);
const client = new DocketClient({ url, apiKey, ...(mode === 'ws' ? { webSocketImpl: WebSocket } : {}) });
writeFileSync('invoice.txt', 'Invoice 2026-0042\\nTotal: 118.00 EUR\\n');
const job = await client.jobs.upload('invoice.txt', { endpoint: 'PARSE', metadata: { from: 'package' } });
let fellBack = null;
const done = await client.jobs.waitForCompletion(job.id, { timeout: 120_000, onFallback: (e) => { fellBack = e.code; } });
let missing = null;
try { await client.jobs.cancel('job_doesnotexist'); } catch (e) { missing = e instanceof DocketError ? e.code : String(e); }
await client.close();
console.log(JSON.stringify({ node: process.version, id: job.id, status: done.status, text: done.response.body.text, fellBack, missing }));
`;

const TYPED = `
import { DocketClient, type Job, JobTimeoutError, verifyWebhookSignature } from '@docket/client';
const client = new DocketClient({ url: 'http://localhost:4000/graphql', apiKey: 'dk_x' });
export async function grade(id: string): Promise<string | null> {
  const job: Job = await client.jobs.waitForCompletion(id, { timeout: 1000 });
  const ok: boolean = await verifyWebhookSignature({ payload: '{}', header: 't=1,v1=00', secret: 'whsec_x' });
  return ok && !(job instanceof JobTimeoutError) ? job.qualityGrade : null;
}
// @ts-expect-error: the endpoint is checked against the schema's enum
void client.jobs.upload(new Blob([]), { endpoint: 'NOPE' });
`;

let s: TestServer;
let project: string;
let tarball: string;
beforeAll(async () => {
  s = await startTestServer();
  project = await mkdtemp(path.join(tmpdir(), 'docket-sdk-'));
  const packed = await run(process.execPath, ['scripts/sdk-pack.ts'], { cwd: root });
  tarball = packed.stdout.trim().split('\n').at(-1)!;
  await writeFile(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'someone-else', version: '1.0.0', private: true, type: 'module' }),
  );
  // ws only for Node 20's missing WebSocket, taken from this repo's node_modules: no registry.
  const ws = await run('npm', [
    'pack',
    '--silent',
    path.join(root, 'node_modules', 'ws'),
    '--pack-destination',
    project,
  ]);
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball, `./${ws.stdout.trim()}`], {
    cwd: project,
  });
}, 180_000);
afterAll(async () => {
  await s?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

it('packs compiled ESM, .d.ts and a README, and nothing of the server', async () => {
  expect(path.basename(tarball)).toMatch(/^docket-client-\d+\.\d+\.\d+\.tgz$/);
  const { stdout } = await run('tar', ['tzf', tarball]);
  const files = stdout.trim().split('\n');
  expect(files).toEqual(
    expect.arrayContaining(['package/README.md', 'package/dist/index.js', 'package/dist/index.d.ts']),
  );
  expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  const ours = files.filter((f) => f.startsWith('package/dist/') && !f.startsWith('package/dist/vendor/'));
  const modules = ours.map((f) => path.basename(f).replace(/\.d\.ts$|\.js$/, ''));
  for (const m of new Set(modules))
    expect(existsSync(path.join(root, 'src', 'client', `${m}.ts`)), m).toBe(true);
  const manifest = JSON.parse(
    await readFile(path.join(project, 'node_modules/@docket/client/package.json'), 'utf8'),
  );
  expect(manifest).toMatchObject({
    name: '@docket/client',
    type: 'module',
    engines: { node: '>=20' },
    dependencies: {},
  });
});

it("creates a job and waits for it on the system's Node, over the subscription", async () => {
  const node = systemNode();
  const { stdout } = await run(node, ['app.mjs', s.url, s.keyA, 'ws'], { cwd: await consumer() });
  const result = JSON.parse(stdout);
  expect(result).toMatchObject({ status: 'COMPLETED', fellBack: null, missing: 'NOT_FOUND' });
  expect(result.text).toContain('Invoice 2026-0042');
  console.log(`ran on ${node} ${result.node}`);
}, 120_000);

it('waits by polling where there is no WebSocket (Node 20 without ws)', async () => {
  const node = systemNode();
  const { stdout: version } = await run(node, ['--version']);
  const result = JSON.parse((await run(node, ['app.mjs', s.url, s.keyA], { cwd: await consumer() })).stdout);
  expect(result).toMatchObject({ status: 'COMPLETED', missing: 'NOT_FOUND' });
  // Node >= 22 has a global WebSocket and needs no fallback.
  if (Number(version.slice(1).split('.')[0]) < 22) expect(result.fellBack).toBe('CONNECTION_CLOSED');
}, 120_000);

it("type-checks a consumer against the package's .d.ts", async () => {
  await writeFile(path.join(project, 'typed.ts'), TYPED);
  await writeFile(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['es2023', 'dom'],
        types: [],
        strict: true,
        noEmit: true,
      },
      files: ['typed.ts'],
    }),
  );
  const checked = await run(bin('tsc'), ['-p', project]).catch((err: { stdout: string }) => err);
  expect(checked.stdout).toBe('');
}, 60_000);

it('bundles for browsers without node:fs (the "browser" field swaps the path reader)', async () => {
  await writeFile(
    path.join(project, 'browser.js'),
    "import { DocketClient } from '@docket/client';\nexport const client = new DocketClient({ url: '/graphql', apiKey: 'dk_x' });\n",
  );
  await run(
    bin('esbuild'),
    ['browser.js', '--bundle', '--platform=browser', '--format=esm', '--outfile=bundle.js'],
    {
      cwd: project,
    },
  );
  const bundle = await readFile(path.join(project, 'bundle.js'), 'utf8');
  expect(bundle).not.toContain('node:fs');
  expect(bundle).toContain('a path can be read only on Node');
  expect(bundle).toContain('graphql-transport-ws');
}, 60_000);

async function consumer(): Promise<string> {
  await writeFile(path.join(project, 'app.mjs'), CONSUMER);
  return project;
}
