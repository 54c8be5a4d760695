// `npm run dockerfile:check`: the Dockerfile's steps without a container engine. Each stage gets
// an empty temporary folder standing for the image's file system; its COPY lines bring exactly
// what they name (from this checkout or an earlier stage), its RUN lines run there with its ENV,
// and at the end the last stage must be able to load Docket. A file a RUN line needs but no COPY
// brought fails here as it would in `docker build`.
//
// What a folder cannot stand for: the base image (the RUN lines use this machine's tools, with
// the Node that runs this script first on PATH), users (ids in RUN lines must be numeric) and
// absolute paths outside the stages' WORKDIRs (rewritten into the folder; others are refused).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const context = path.resolve(import.meta.dirname, '..');
const file = path.join(context, process.argv[2] ?? 'Dockerfile');

interface Stage {
  name: string;
  root: string;
  workdir: string;
  env: Record<string, string>;
}

/** Instructions with continuations joined and comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  const out: { op: string; args: string }[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = pending + line;
    pending = '';
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(full) ?? [];
    out.push({ op: op.toUpperCase(), args });
  }
  return out;
}

const stages: Stage[] = [];
const workdirs = new Set<string>();
const base = mkdtempSync(path.join(tmpdir(), 'docket-dockerfile-'));
// A path in the image, in this stage's folder; only paths under a WORKDIR are allowed.
const inImage = (stage: Stage, p: string) => path.join(stage.root, path.posix.resolve(stage.workdir, p));
// The image's absolute paths inside a RUN line or an ENV value, rewritten into the folder.
const rewrite = (stage: Stage, text: string) => {
  let out = text;
  for (const w of [...workdirs].sort((a, b) => b.length - a.length)) {
    out = out.replace(
      new RegExp(`(^|[\\s=:'"])${w.replaceAll('/', '\\/')}(?=[/\\s'"]|$)`, 'g'),
      `$1${stage.root}${w}`,
    );
  }
  return out;
};

try {
  for (const { op, args } of instructions(readFileSync(file, 'utf8'))) {
    const stage = stages.at(-1);
    if (op === 'FROM') {
      const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages.length);
      const root = path.join(base, name);
      mkdirSync(root);
      stages.push({ name, root, workdir: '/', env: {} });
      console.log(`FROM ${args}  →  ${root}`);
      continue;
    }
    if (!stage) throw new Error(`${op} before FROM`);
    if (op === 'WORKDIR') {
      stage.workdir = path.posix.resolve(stage.workdir, args);
      workdirs.add(stage.workdir);
      mkdirSync(inImage(stage, '.'), { recursive: true });
    } else if (op === 'ENV') {
      for (const [, k, v] of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) {
        stage.env[k as string] = rewrite(stage, (v as string).replace(/^"|"$/g, ''));
      }
    } else if (op === 'COPY') {
      const words = args.split(/\s+/);
      const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
      const paths = words.filter((w) => !w.startsWith('--'));
      const dest = paths.pop() as string;
      const source = from ? stages.find((s) => s.name === from) : null;
      if (from && !source) throw new Error(`COPY --from=${from}: no such stage`);
      for (const p of paths) {
        const src = source
          ? path.join(source.root, path.posix.resolve(source.workdir, p))
          : path.join(context, p);
        if (!existsSync(src))
          throw new Error(`COPY ${p}: not found in ${source ? `stage ${from}` : 'the checkout'}`);
        const into = dest.endsWith('/')
          ? path.join(inImage(stage, dest), path.basename(p))
          : inImage(stage, dest);
        cpSync(src, into, { recursive: true, verbatimSymlinks: true });
      }
      console.log(`COPY ${args}`);
    } else if (op === 'RUN') {
      const command = rewrite(stage, args);
      console.log(`RUN ${args}`);
      execFileSync('sh', ['-ec', command], {
        cwd: inImage(stage, '.'),
        stdio: 'inherit',
        env: {
          ...process.env,
          ...stage.env,
          // The Node running this script stands for the base image's.
          PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
          // The npm cache of this machine keeps it quick; a package it lacks is fetched as usual.
          npm_config_prefer_offline: 'true',
        },
      });
    }
  }
  const last = stages.at(-1);
  if (!last) throw new Error('no stage');
  // The image's entry point loads these: every module they import must be in the image.
  console.log('last stage: loading src/app.ts with what the image holds');
  execFileSync(process.execPath, ['--input-type=module', '-e', "await import('./src/app.ts')"], {
    cwd: inImage(last, '.'),
    stdio: 'inherit',
    env: { PATH: process.env.PATH ?? '', ...last.env },
  });
  console.log('PASS: every RUN line ran with only what the COPY lines bring');
} catch (err) {
  console.error(`FAIL: ${(err as Error).message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  rmSync(base, { recursive: true, force: true });
}
