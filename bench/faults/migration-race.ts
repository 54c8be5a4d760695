// T12, migration race: ROUNDS times, on a new empty database, 3 api processes start at once
// (each runs the drizzle migrations, the first-start bootstrap and pg-boss's schema). Pass:
// all 3 ready (/readyz 200); drizzle's __drizzle_migrations holds each migration of
// migrations/meta/_journal.json exactly once; no 42P07 or other duplicate-object error in any
// process's output; pg-boss's schema is at its version; one `default` organization with one key.
//
//   npm run fault:migration-race -- [--rounds 5] [--processes 3]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { startCluster, startDocketProcess, verdict } from '../harness/index.ts';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '5' }, processes: { type: 'string', default: '3' } },
});
const rounds = Math.min(20, Number(values.rounds));
const processes = Math.min(10, Number(values.processes));
const failures: string[] = [];
const journal = JSON.parse(await readFile('migrations/meta/_journal.json', 'utf8')) as { entries: unknown[] };
const DUPLICATE = /42P07|42710|23505|already exists|duplicate/i;

const cluster = await startCluster('migration-race', { empty: true });
const readyMs: number[] = [];
try {
  for (let r = 1; r <= rounds; r++) {
    const name = `race_${r}`;
    await cluster.sql.unsafe(`create database ${name}`);
    const url = cluster.url.replace(/\/[^/]*$/, `/${name}`);
    const startedAt = Date.now();
    const started = await Promise.allSettled(
      Array.from({ length: processes }, (_, i) =>
        startDocketProcess('api', url, { DATA_DIR: `.data/fault-migration-race/data-${r}-${i}` }),
      ),
    );
    const up = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    for (const s of started)
      if (s.status === 'rejected') failures.push(`round ${r}: ${String(s.reason).slice(0, 500)}`);
    readyMs.push(Date.now() - startedAt);
    const ready = await Promise.all(
      up.map((p) => fetch((p.url as string).replace('/graphql', '/readyz')).then((res) => res.status)),
    );
    const db = postgres(url, { max: 1, onnotice: () => {} });
    const [migrations] = await db<{ n: number; distinct: number }[]>`
      select count(*)::int as n, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`;
    const [boss] = await db<{ version: number }[]>`select version from pgboss.version`;
    const [orgs] = await db<{ n: number; keys: number }[]>`
      select (select count(*)::int from organizations) as n, (select count(*)::int from api_keys) as keys`;
    await db.end();
    const duplicates = up.flatMap((p) =>
      p
        .output()
        .split('\n')
        .filter((l) => DUPLICATE.test(l)),
    );
    for (const p of up) await p.stop();
    console.log(
      `round ${r}/${rounds}: ${up.length}/${processes} started, /readyz ${ready.join(' ')}; migrations recorded ${migrations?.n} (${migrations?.distinct} distinct, journal ${journal.entries.length}); pg-boss schema v${boss?.version}; organizations ${orgs?.n}, keys ${orgs?.keys}; duplicate-object lines ${duplicates.length}`,
    );
    if (ready.some((s) => s !== 200) || up.length !== processes)
      failures.push(`round ${r}: not all processes ready`);
    if (migrations?.n !== journal.entries.length || migrations.distinct !== journal.entries.length)
      failures.push(`round ${r}: ${migrations?.n} migration rows for ${journal.entries.length} migrations`);
    if (!boss?.version) failures.push(`round ${r}: no pg-boss schema version`);
    if (orgs?.n !== 1 || orgs.keys !== 1)
      failures.push(`round ${r}: ${orgs?.n} organizations and ${orgs?.keys} keys, expected 1 and 1`);
    if (duplicates.length > 0) failures.push(`round ${r}: ${duplicates[0]?.slice(0, 300)}`);
  }
} finally {
  await cluster.close();
}
const max = Math.max(...readyMs);
console.log(
  `migration-race: ${rounds} rounds × ${processes} api processes on an empty database; all started within ${(max / 1000).toFixed(1)} s (slowest round)`,
);
verdict('migration-race', failures);
