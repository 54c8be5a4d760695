// Hostile filenames and metadata: the job works, the filename comes back cleaned, metadata comes
// back as given (it is data), and no log line of the API or the worker carries a raw control
// character.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanFilename } from '../src/jobs/limits.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

// No NUL: a string holding one is refused outright (test/security.front-door.test.ts).
const HOSTILE_NAME = '../../etc/passwd\n\u0001\u001b[31mred\u0007\u009b2J\u202egpj.exe\r\\..\\x';
const HOSTILE_META = 'line one\nline two\r\n\u001b[2J\u001b]0;pwned\u0007\u007f\u009bend';

// Anything a terminal acts on; pino's JSON escapes C0, so a raw one would mean an unescaped write.
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

let s: TestServer;
let logs = '';
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs += chunk.toString();
      done();
    },
  });
  s = await startTestServer({ env: { LOG_LEVEL: 'debug' }, logDestination: sink });
});
afterAll(async () => {
  await s?.close();
});

async function finish(id: string) {
  const sub = s.subscribe('subscription($id: ID) { jobUpdated(id: $id) { status response { body } } }', {
    id,
  });
  await sub.done;
  return sub.events.at(-1)!;
}

describe('hostile filenames and metadata', () => {
  it('createJob: the job completes, the filename is cleaned, the metadata is kept verbatim', async () => {
    const r = await s.gql(
      `mutation($name: String!, $meta: JSON) { createJob(input: {
        endpoint: PARSE, metadata: $meta, document: { url: "data:,hello%20names", filename: $name } })
        { id metadata document { filename } } }`,
      { name: HOSTILE_NAME, meta: { note: HOSTILE_META } },
    );
    expect(r.errors).toBeUndefined();
    const job = r.data!.createJob;
    const filename: string = job.document.filename;
    expect(filename).toBe(cleanFilename(HOSTILE_NAME, 'document'));
    expect(filename).not.toMatch(RAW_CONTROL);
    expect(filename).not.toMatch(/[/\\\u202e]/);
    expect(job.metadata).toEqual({ note: HOSTILE_META });
    expect((await finish(job.id)).status).toBe('COMPLETED');
  });

  it('uploadDocument: a raw multipart filename with control bytes and ../ is cleaned', async () => {
    // Built by hand: FormData percent-encodes what a hostile client would send raw.
    const boundary = 'docketboundary';
    const operations = JSON.stringify({
      query:
        'mutation($file: File!) { uploadDocument(file: $file, endpoint: PARSE) { id document { filename } } }',
      variables: { file: null },
    });
    const rawName = '../../tmp/\u001b[31mx\u0007\u009b.txt';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="`,
      ),
      Buffer.from(rawName, 'utf8'),
      Buffer.from(`"\r\nContent-Type: text/plain\r\n\r\nhello upload\r\n--${boundary}--\r\n`),
    ]);
    const res = await fetch(s.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${s.keyA}`,
        'x-graphql-csrf': '1',
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
    });
    const json = (await res.json()) as {
      data: { uploadDocument: { id: string; document: { filename: string } } };
    };
    const { id, document } = json.data.uploadDocument;
    expect(document.filename).not.toMatch(RAW_CONTROL);
    expect(document.filename).not.toContain('/');
    expect(document.filename).toContain('.txt');
    expect((await finish(id)).status).toBe('COMPLETED');
  });

  it('names made only of dots become the fallback', () => {
    expect(cleanFilename('..', 'document')).toBe('document');
    expect(cleanFilename(' . ', 'document')).toBe('document');
    expect(cleanFilename('.env', 'document')).toBe('.env');
  });

  it('no log line carries a raw control character or the hostile strings', () => {
    expect(logs).toContain('job finished');
    for (const line of logs.split('\n')) expect(line).not.toMatch(RAW_CONTROL);
    expect(logs).not.toContain('pwned');
    expect(logs).not.toContain('etc/passwd');
  });
});
