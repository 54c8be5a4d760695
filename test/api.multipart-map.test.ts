// A multipart request's map through the front door: each file part has one place of its own.
// Two parts sent to one variable, a part the map does not name, or a map that is not an object
// are refused with BAD_USER_INPUT and create nothing; a createJobs batch of files goes through.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ role: 'api' });
});
afterAll(async () => {
  await s?.close();
});

const UPLOAD = 'mutation($file: File!) { uploadDocument(file: $file, endpoint: PARSE) { id } }';
const CREATE_JOBS =
  'mutation($inputs: [CreateJobInput!]!) { createJobs(inputs: $inputs) { jobs { id document { filename } } errors { index } } }';

async function send(operations: unknown, map: unknown, parts: string[]) {
  const form = new FormData();
  form.set('operations', JSON.stringify(operations));
  form.set('map', JSON.stringify(map));
  for (const name of parts)
    form.set(name, new Blob([`text of ${name}`], { type: 'text/plain' }), `${name}.txt`);
  const res = await fetch(s.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.keyA}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

const jobCount = async () => (await s.gql('{ jobs { totalCount } }')).data!.jobs.totalCount as number;

it('refuses two parts sent to one variable, an unnamed part and a map that is not an object', async () => {
  const twice = await send(
    { query: UPLOAD, variables: { file: null } },
    { 0: ['variables.file'], 1: ['variables.file'] },
    ['0', '1'],
  );
  expect(twice.status).toBe(400);
  expect(twice.body.errors[0]).toMatchObject({
    message: 'multipart map: variables.file is given more than one file',
    extensions: { code: 'BAD_USER_INPUT' },
  });
  const sameList = await send(
    { query: UPLOAD, variables: { file: null } },
    { 0: ['variables.file', 'variables.file'] },
    ['0'],
  );
  expect(sameList.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  const unnamed = await send({ query: UPLOAD, variables: { file: null } }, { 0: ['variables.file'] }, [
    '0',
    'extra',
  ]);
  expect(unnamed.status).toBe(400);
  expect(unnamed.body.errors[0].message).toBe('multipart map: file part extra is not named in the map');
  const notObject = await send({ query: UPLOAD, variables: { file: null } }, ['variables.file'], ['0']);
  expect(notObject.status).toBe(400);
  expect(notObject.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(await jobCount()).toBe(0);
});

it('takes a createJobs batch with a file part per input', async () => {
  const inputs = [0, 1, 2].map(() => ({ endpoint: 'PARSE', document: { file: null } }));
  const map = Object.fromEntries([0, 1, 2].map((i) => [String(i), [`variables.inputs.${i}.document.file`]]));
  const ok = await send({ query: CREATE_JOBS, variables: { inputs } }, map, ['0', '1', '2']);
  expect(ok.status).toBe(200);
  expect(ok.body.data.createJobs.errors).toEqual([]);
  expect(ok.body.data.createJobs.jobs.map((j: any) => j.document.filename)).toEqual([
    '0.txt',
    '1.txt',
    '2.txt',
  ]);
  expect(await jobCount()).toBe(3);
});
