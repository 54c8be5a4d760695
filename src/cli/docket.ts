#!/usr/bin/env node
// `docket`: the command line over the SDK (`npx docket --help`).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DocketClient } from '../client/index.ts';
import { jobs, usage } from './jobs.ts';
import { describeFailure, EXIT, resolveSettings, UsageError } from './settings.ts';
import { upload } from './upload.ts';
import { watch } from './watch.ts';
import { webhooks } from './webhooks.ts';

const USAGE = `usage: docket [--url URL] [--key KEY] COMMAND …

  upload FILES… [--endpoint E] [--schema file.json] [--categories a,b] [--metadata k=v]…
                [--ocr auto|force|off] [--redact-pii] [--password P]
                [--wait] [--out DIR] [--concurrency 2] [--timeout 600] [--json]
  jobs list [--status S,…] [--endpoint E,…] [--first 20] [--all] [--json]
  jobs get ID [--json]
  jobs cancel ID… [--json]
  jobs cancel [--status S,…] [--endpoint E,…] [--metadata k=v]… [--json]   (up to 10,000 at once)
  jobs retry ID [--json]
  usage [--from 2026-12-01] [--to 2026-12-31] [--json]
  watch [--status S,…] [--endpoint E,…] [--json]
  webhooks create URL [--events job.completed,job.failed,job.cancelled] [--json]
  webhooks list | deliveries ID [--first 20] | delete ID   [--json]
  keys create --org NAME | list | revoke KEY_OR_ID   (on the server's database, like npm run keys)

  --url  GraphQL endpoint; else DOCKET_URL; else http://localhost:4000/graphql
  --key  API key; else DOCKET_API_KEY; else the contents of .data/api-key

exit codes: 0 ok (and watch stopped with Ctrl-C) · 1 a job failed or was not found · 2 usage
            3 authentication or connection · 130 interrupted (Ctrl-C)`;

async function main(argv: string[]): Promise<number> {
  // Key management runs against the database, not the API: the admin tool does it.
  if (argv[0] === 'keys')
    return delegate(fileURLToPath(new URL('./keys.ts', import.meta.url)), argv.slice(1));

  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values: flags, positionals } = parsed;
  if (flags.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const [command, ...rest] = positionals;
  if (command === 'keys') throw new UsageError('keys must come first: docket keys …');
  if (!['upload', 'jobs', 'watch', 'webhooks', 'usage'].includes(command ?? '')) {
    throw new UsageError(command ? `unknown command "${command}"` : 'a command is needed');
  }
  const client = new DocketClient(resolveSettings(flags));
  try {
    if (command === 'jobs') return await jobs(client, rest, flags);
    if (command === 'usage') return await usage(client, flags);
    if (command === 'webhooks') return await webhooks(client, rest, flags);
    // Ctrl-C ends a watch (exit 0) and an upload's sending and waiting (it then says what runs on
    // and exits 130); they close the socket first. A second Ctrl-C exits at once.
    const stop = new AbortController();
    onInterrupt = () => {
      onInterrupt = () => process.exit(EXIT.interrupted);
      stop.abort();
    };
    if (command === 'upload') return await upload(client, rest, flags, stop.signal);
    return await watch(client, flags, stop.signal);
  } finally {
    await client.close();
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      endpoint: { type: 'string' },
      schema: { type: 'string' },
      categories: { type: 'string' },
      ocr: { type: 'string' },
      'redact-pii': { type: 'boolean' },
      password: { type: 'string' },
      metadata: { type: 'string', multiple: true },
      wait: { type: 'boolean' },
      out: { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      status: { type: 'string' },
      first: { type: 'string' },
      all: { type: 'boolean' },
      events: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  });
}

function delegate(script: string, args: string[]): Promise<number> {
  const child = spawn(process.execPath, [script, ...args], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? EXIT.failures)));
}

// Ctrl-C during any other command cuts it short: 130, the shell's code for SIGINT, so a script
// never takes an interrupted upload for a finished one.
let onInterrupt = (): void => process.exit(EXIT.interrupted);
process.on('SIGINT', () => onInterrupt());
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  const { code, message } = describeFailure(err);
  console.error(`docket: ${message}`);
  if (code === EXIT.usage) console.error(`\n${USAGE}`);
  process.exitCode = code;
}
