// PDF parsing evaluates nothing and fetches nothing: a PDF with a JavaScript open action, a
// font whose FontMatrix carries code (the CVE-2024-4367 shape, reached when pages are rendered
// for OCR), a /URI link and a remote file reference is read in-process and through a real job,
// while a loopback listener that every payload calls stays silent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOcr, extractDocument } from '../src/pipeline/formats/index.ts';
import { LIMITS, OPTIONS } from '../testkit/format-fixtures.ts';
import { hostilePdf } from '../testkit/hostile-pdf.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let listener: Server;
let port = 0;
const hits: string[] = [];
let s: TestServer;

beforeAll(async () => {
  listener = createServer((req, res) => {
    hits.push(req.url ?? '/');
    res.end('ok');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as AddressInfo).port;
  s = await startTestServer();
});
afterAll(async () => {
  await closeOcr();
  listener?.closeAllConnections();
  listener?.close();
  await s?.close();
});

describe('a hostile PDF', () => {
  it('parses in-process (text layer and OCR render) with nothing evaluated or fetched', async () => {
    const bytes = await hostilePdf(port);
    const doc = await extractDocument(bytes, OPTIONS, LIMITS, () => {});
    expect(doc.pages).toHaveLength(2);
    expect(doc.pages[0]?.text).toContain('Invoice 4711');
    // Every page rendered, the hostile font's glyphs drawn, for OCR.
    const rendered = await extractDocument(bytes, { ...OPTIONS, ocr: 'FORCE' }, LIMITS, () => {});
    expect(rendered.pages.map((p) => p.ocr)).toEqual([true, true]);
    expect((globalThis as { __docketPwned?: string }).__docketPwned).toBeUndefined();
    expect(hits).toEqual([]);
  });

  it('runs as a job through the server with no outbound connection', async () => {
    const bytes = await hostilePdf(port);
    const res = await s.upload(
      'mutation($file: File!) { uploadDocument(file: $file, endpoint: PARSE, options: { ocr: FORCE }) { id } }',
      {},
      { bytes, name: 'hostile.pdf', type: 'application/pdf' },
    );
    expect(res.errors).toBeUndefined();
    const sub = s.subscribe('subscription($id: ID) { jobUpdated(id: $id) { status response { body } } }', {
      id: res.data!.uploadDocument.id,
    });
    await sub.done;
    const last = sub.events.at(-1)!;
    expect(last.status).toBe('COMPLETED');
    expect(JSON.stringify(last.response.body)).toContain('4711');
    expect(hits).toEqual([]);
  });

  it('the listener does hear a direct call (the check can fail)', async () => {
    await fetch(`http://127.0.0.1:${port}/probe`);
    expect(hits).toEqual(['/probe']);
    hits.length = 0;
  });
});
