// API_PROCESSES=2: two api processes answer on one port, and a subscriber on either hears the
// jobs created through the other (events travel through Postgres, not process memory).
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dataUrl, makePdf } from '../testkit/fixtures.ts';
import { freePort } from '../testkit/net.ts';
import { type Subscription, startTestServer, subscribeWs, type TestServer } from './helpers/server.ts';

let base: TestServer; // the test database, its keys and a worker
let primary: ChildProcess;
let port: number;
let dataDir: string;
const apiPids = new Set<number>();

beforeAll(async () => {
  base = await startTestServer({ role: 'worker' });
  port = await freePort();
  dataDir = await mkdtemp(path.join(tmpdir(), 'docket-cluster-'));
  primary = spawn(process.execPath, ['src/main.ts', '--role', 'api'], {
    env: {
      ...process.env,
      DATABASE_URL: base.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      API_PROCESSES: '2',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      PIPELINE_WARM_UP: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    primary.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split('\n')) {
        if (line.includes('Docket API listening')) apiPids.add(JSON.parse(line).pid);
      }
      if (out.includes('api processes started')) resolve();
    });
    primary.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    primary.on('exit', (code) => reject(new Error(`docket exited with ${code}: ${out}`)));
  });
}, 120_000);

afterAll(async () => {
  if (primary && primary.exitCode === null) {
    const exited = new Promise((resolve) => primary.once('exit', resolve));
    primary.kill('SIGTERM');
    await exited;
  }
  await base?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const createQ = `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url } }) { id } }`;

it('two api processes share the port; subscribers on each hear jobs created through the other', async () => {
  expect(apiPids.size).toBe(2);
  expect(apiPids.has(primary.pid!)).toBe(false);
  const wsUrl = `ws://127.0.0.1:${port}/graphql`;
  // Each subscription is its own connection; the primary deals new connections out among the
  // processes, not strictly in turn, so open them until each process holds one.
  const subs: Subscription[] = [];
  while (subs.length < 8 && !everyPid((pid) => establishedOn(pid) > 0)) {
    subs.push(subscribeWs(wsUrl, `subscription { jobUpdated { id status } }`, {}, base.keyA));
    await expect
      .poll(() => [...apiPids].reduce((n, pid) => n + establishedOn(pid), 0), { timeout: 20_000 })
      .toBe(subs.length);
  }
  expect(everyPid((pid) => establishedOn(pid) > 0)).toBe(true);

  // Jobs created on fresh connections until each process has created one.
  const createdBy = new Map<number, string>();
  for (let attempt = 0; attempt < 12 && createdBy.size < apiPids.size; attempt++) {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(s)).once('error', reject);
    });
    let owner: number | undefined;
    await expect
      .poll(() => {
        owner = [...apiPids].find((pid) => establishedOn(pid, socket.localPort) > 0);
        return owner;
      })
      .toBeDefined();
    const res = await postOn(socket, createQ, { url: dataUrl(await makePdf([`by ${owner}`])) }, base.keyA);
    expect(res.errors).toBeUndefined();
    if (!createdBy.has(owner!)) createdBy.set(owner!, res.data.createJob.id);
  }
  expect([...createdBy.keys()].sort()).toEqual([...apiPids].sort());
  for (const sub of subs) {
    for (const id of createdBy.values()) await sub.until((e) => e.id === id && e.status === 'COMPLETED');
    sub.stop();
  }
}, 120_000);

function everyPid(test: (pid: number) => boolean): boolean {
  return [...apiPids].every(test);
}

/**
 * TCP connections process `pid` holds established on the api port, from the client port
 * `remotePort` when given (Linux /proc: which process a connection was handed to).
 */
function establishedOn(pid: number, remotePort?: number): number {
  const mine = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) mine.add(m[1]!);
    } catch {
      // closed while listing
    }
  }
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '01' || !mine.has(cols[9]!)) continue;
      const local = Number.parseInt(cols[1]!.split(':')[1]!, 16);
      const remote = Number.parseInt(cols[2]!.split(':')[1]!, 16);
      if (local === port && (remotePort === undefined || remote === remotePort)) count++;
    }
  }
  return count;
}

/** A GraphQL POST on an already open connection, which it closes. */
function postOn(
  socket: Socket,
  query: string,
  variables: Record<string, unknown>,
  key: string,
): Promise<{ data?: any; errors?: unknown[] }> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        path: '/graphql',
        method: 'POST',
        createConnection: () => socket,
        headers: {
          host: `127.0.0.1:${port}`,
          'content-type': 'application/json',
          authorization: `Bearer ${key}`,
          connection: 'close',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
