// `npm run layers:check`: the domain's SQL lives in src/jobs/ and src/auth/ (src/db/ for
// infrastructure, src/events/ for reading events back). src/server/, src/worker/ and
// src/graphql/ call those; this fails when one of them imports drizzle-orm or runs SQL itself.
// src/outbound/ (the HTTP client for user-given addresses) stands alone: no SQL, and nothing
// of Docket's imported from outside it, so the guard cannot grow a dependency on the domain.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const GUARDED = ['src/server', 'src/worker', 'src/graphql', 'src/outbound'];
const STANDALONE = ['src/outbound'];
const OUTSIDE_IMPORT = /\bfrom\s+['"]\.\.\/|import\(\s*['"]\.\.\//;

const RULES: { what: string; pattern: RegExp }[] = [
  {
    what: 'imports drizzle-orm',
    pattern: /\bfrom\s+['"]drizzle-orm(\/[^'"]*)?['"]|import\(\s*['"]drizzle-orm/,
  },
  { what: 'imports the postgres driver', pattern: /\bfrom\s+['"]postgres['"]/ },
  { what: 'runs SQL (a sql`…` template)', pattern: /\bsql\s*(<[^`]*>)?\s*`/ },
  {
    what: 'runs SQL (a query builder or client call)',
    pattern:
      /\b(db|tx|sql|lock)\s*\.\s*(select|selectDistinct|insert|update|delete|execute|unsafe|query)\s*[(<]/,
  },
];

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

const problems: string[] = [];
for (const dir of GUARDED) {
  for (const file of await files(dir)) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      for (const rule of RULES) {
        if (rule.pattern.test(code)) problems.push(`${file}:${i + 1}: ${rule.what}: ${line.trim()}`);
      }
      if (STANDALONE.includes(dir) && OUTSIDE_IMPORT.test(code)) {
        problems.push(`${file}:${i + 1}: imports from outside ${dir}: ${line.trim()}`);
      }
    });
  }
}

if (problems.length > 0) {
  console.error(
    'SQL belongs in src/jobs/, src/auth/ (src/db/ for infrastructure), not here; src/outbound/ stands alone:',
  );
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(
  `${GUARDED.join(', ')}: no drizzle-orm, no SQL; ${STANDALONE.join(', ')}: no imports from outside`,
);
