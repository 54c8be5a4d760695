// T14, upload limits and bombs, over HTTP against an api process (MAX_UPLOAD_BYTES = 1 MiB, its
// own TMPDIR) and a worker process whose RSS is sampled every 20 ms:
//   an upload over the limit, with and without a content-length: refused (413 or
//     PAYLOAD_TOO_LARGE) with nothing stored (no document or job row) and TMPDIR empty;
//   101 files in one request (a createJobs batch takes 100): refused, nothing stored;
//   a PNG that decodes to 225 MP, a PNG header claiming 100k × 100k, a zip bomb named .docx:
//     the job FAILED document_too_large and the worker's RSS stays under baseline + 300 MB;
//   a PDF whose content stream inflates to 1 GiB (behind two flate layers): FAILED
//     document_too_large, RSS likewise; HTML nested 100,000 deep (7 bytes a level: what fits
//     1 MiB): FAILED document_too_complex on its first attempt, RSS likewise;
//   a PDF with JavaScript actions and a code-carrying FontMatrix (the CVE-2024-4367 shape),
//     OCR forced: COMPLETED and 0 connections to the loopback listener its payloads call (its
//     RSS is printed, not capped: it is the worker's first OCR run, whose page rendering and
//     tesseract's WebAssembly memory grow on first use).
//
//   npm run fault:upload-bombs
import { mkdtemp, readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { flateBombPdf, grayPng } from '../../testkit/format-fixtures.ts';
import { hostilePdf } from '../../testkit/hostile-pdf.ts';
import { rssMb, startCluster, startDocketProcess, verdict, waitFor } from '../harness/index.ts';
import { madePoison } from './poison-docs.ts';

const MAX_UPLOAD = 1024 * 1024;
const RSS_HEADROOM_MB = 300;
const failures: string[] = [];
const lines: string[] = [];
const report = (line: string) => {
  lines.push(line);
  console.log(line);
};

const cluster = await startCluster('upload-bombs');
const apiTmp = await mkdtemp(path.join(tmpdir(), 'docket-api-'));
const api = await startDocketProcess('api', cluster.url, {
  MAX_UPLOAD_BYTES: String(MAX_UPLOAD),
  TMPDIR: apiTmp,
});
const worker = await startDocketProcess('worker', cluster.url, { WORKER_CONCURRENCY: '1' });
const url = api.url as string;

// Outbound calls the hostile PDF's payloads would make.
let connections = 0;
const listener = createServer((_, res) => res.end('ok'));
listener.on('connection', () => void connections++);
await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
const listenerPort = (listener.address() as AddressInfo).port;

// The worker's RSS, sampled from now on.
const workerPid = worker.child.pid as number;
let rssPeak = 0;
const sampler = setInterval(() => {
  void rssMb(workerPid).then(
    (mb) => (rssPeak = Math.max(rssPeak, mb)),
    () => {},
  );
}, 20);

const UPLOAD =
  'mutation($file: File!) { uploadDocument(file: $file, endpoint: PARSE, options: { ocr: AUTO }) { id } }';

/** A multipart upload of `files` (the first is the variable, the rest extra parts). */
async function upload(
  files: { bytes: Uint8Array; name: string }[],
  opts: { chunked?: boolean; ocr?: string } = {},
) {
  const form = new FormData();
  const query = opts.ocr ? UPLOAD.replace('ocr: AUTO', `ocr: ${opts.ocr}`) : UPLOAD;
  form.set('operations', JSON.stringify({ query, variables: { file: null } }));
  form.set('map', JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), ['variables.file']]))));
  for (const [i, f] of files.entries())
    form.set(String(i), new Blob([f.bytes as Uint8Array<ArrayBuffer>]), f.name);
  let body: BodyInit = form;
  const headers: Record<string, string> = { authorization: `Bearer ${cluster.keyA}`, 'x-graphql-csrf': '1' };
  if (opts.chunked) {
    // No content-length: the server cannot refuse before reading; it must stop while reading.
    const req = new Request('http://x/', { method: 'POST', body: form });
    headers['content-type'] = req.headers.get('content-type') as string;
    body = req.body as ReadableStream;
  }
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body,
    ...(opts.chunked ? { duplex: 'half' } : {}),
    signal: AbortSignal.timeout(60_000),
  } as RequestInit);
  const text = await res.text();
  const ms = performance.now() - started;
  let json: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } = {};
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the status says it
  }
  return {
    status: res.status,
    code: json.errors?.[0]?.extensions?.code,
    id: json.data?.uploadDocument?.id as string | undefined,
    ms,
  };
}

const counts = async () => {
  const [row] = await cluster.sql<{ docs: number; jobs: number }[]>`
    select (select count(*)::int from documents) as docs, (select count(*)::int from jobs) as jobs`;
  return `${row?.docs}/${row?.jobs}`;
};

async function refused(label: string, files: { bytes: Uint8Array; name: string }[], chunked = false) {
  const before = await counts();
  const r = await upload(files, { chunked });
  const after = await counts();
  const tmp = await readdir(apiTmp);
  report(
    `${label}: HTTP ${r.status} ${r.code ?? ''} in ${r.ms.toFixed(0)} ms; documents/jobs ${before} → ${after}; api TMPDIR ${tmp.length} entries`,
  );
  if (r.id || !(r.status >= 400 || r.code)) failures.push(`${label}: accepted`);
  if (after !== before) failures.push(`${label}: rows written (${before} → ${after})`);
  if (tmp.length > 0) failures.push(`${label}: ${tmp.length} files left in the api's TMPDIR`);
}

/** A PNG whose pixels really are width × height (grayscale zeros): small on the wire, huge decoded. */
function realPngBomb(width: number, height: number): Buffer {
  // Each row: filter byte 0 and `width` zero pixels.
  const raw = Buffer.alloc((width + 1) * height);
  return grayPng(width, height, deflateSync(raw, { level: 9 }));
}

async function bomb(
  label: string,
  bytes: Uint8Array,
  name: string,
  expect: string,
  ocr?: string,
  capRss = true,
) {
  await new Promise((r) => setTimeout(r, 500));
  const baseline = await rssMb(workerPid);
  rssPeak = baseline;
  const r = await upload([{ bytes, name }], ocr ? { ocr } : {});
  if (!r.id) {
    failures.push(`${label}: upload refused (${r.status} ${r.code})`);
    return;
  }
  const sentAt = Date.now();
  let row: { status: string; error: { code: string } | null } | undefined;
  await waitFor(
    async () => {
      [row] = await cluster.sql<{ status: string; error: { code: string } | null }[]>`
      select status, error from jobs where id = ${r.id as string}`;
      return row?.status === 'COMPLETED' || row?.status === 'FAILED';
    },
    300_000,
    100,
  );
  const outcome = row?.status === 'FAILED' ? `FAILED ${row.error?.code}` : row?.status;
  report(
    `${label} (${(bytes.length / 1024).toFixed(0)} KiB): ${outcome} ${((Date.now() - sentAt) / 1000).toFixed(1)} s after upload; worker RSS ${baseline.toFixed(0)} MB before, peak ${rssPeak.toFixed(0)} MB (+${(rssPeak - baseline).toFixed(0)}, ${capRss ? `cap +${RSS_HEADROOM_MB}` : 'not capped'})`,
  );
  if (outcome !== expect) failures.push(`${label}: ${outcome}, expected ${expect}`);
  if (capRss && rssPeak - baseline > RSS_HEADROOM_MB)
    failures.push(`${label}: worker RSS grew ${(rssPeak - baseline).toFixed(0)} MB`);
}

try {
  const big = new Uint8Array(5 * MAX_UPLOAD).fill(65);
  await refused('5 MiB upload, content-length set (limit 1 MiB)', [{ bytes: big, name: 'big.txt' }]);
  await refused('5 MiB upload, chunked (no content-length)', [{ bytes: big, name: 'big.txt' }], true);
  const small = new TextEncoder().encode('hello');
  await refused(
    '101 files in one request (limit 100)',
    Array.from({ length: 101 }, (_, i) => ({ bytes: small, name: `n${i}.txt` })),
  );

  const made = await madePoison();
  const find = (prefix: string) =>
    made.find((p) => p.name.startsWith(prefix)) as { bytes: Buffer; filename: string };
  await bomb(
    'PNG decoding to 15,000 × 15,000 (225 MP)',
    realPngBomb(15_000, 15_000),
    'bomb.png',
    'FAILED document_too_large',
  );
  await bomb(
    'PNG header claiming 100,000 × 100,000',
    find('PNG').bytes,
    'claim.png',
    'FAILED document_too_large',
  );
  const zip = find('zip bomb');
  await bomb('zip bomb named .docx, 1000:1', zip.bytes, zip.filename, 'FAILED document_too_large');
  // 1 GiB behind two flate layers fits the 1 MiB upload limit (one layer would be ~1 MB).
  await bomb(
    'PDF flate bomb, a content stream inflating to 1 GiB',
    await flateBombPdf(1024 * 1024 * 1024, 2),
    'flate-bomb.pdf',
    'FAILED document_too_large',
  );
  const depth = 100_000;
  await bomb(
    `HTML nested ${depth.toLocaleString('en')} deep`,
    new TextEncoder().encode(`<html><body>${'<b>'.repeat(depth)}x${'</b>'.repeat(depth)}</body></html>`),
    'deep.html',
    'FAILED document_too_complex',
  );
  connections = 0;
  await bomb(
    'CVE-2024-4367-shaped PDF, OCR forced',
    await hostilePdf(listenerPort),
    'hostile.pdf',
    'COMPLETED',
    'FORCE',
    false,
  );
  report(`outbound connections to the payloads' listener: ${connections}`);
  if (connections > 0) failures.push(`${connections} outbound connections from the hostile PDF`);
  if (worker.child.exitCode !== null) failures.push('the worker died');
} finally {
  clearInterval(sampler);
  listener.close();
  await worker.stop();
  await api.stop();
  await cluster.close();
}
console.log(`upload-bombs:\n  ${lines.join('\n  ')}`);
verdict('upload-bombs', failures);
