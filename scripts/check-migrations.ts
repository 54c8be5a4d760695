// Fails when src/db/schema.ts has changes that no committed migration holds: drizzle-kit
// generates into a copy of migrations/, and any new file there is drift.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const copy = mkdtempSync(path.join(tmpdir(), 'docket-migrations-'));
try {
  cpSync('migrations', copy, { recursive: true });
  const before = readdirSync(copy).length;
  execFileSync(
    'npx',
    ['drizzle-kit', 'generate', '--dialect', 'postgresql', '--schema', './src/db/schema.ts', '--out', copy],
    { stdio: 'pipe' },
  );
  const after = readdirSync(copy).length;
  if (after !== before) {
    console.error(
      'src/db/schema.ts has changes without a migration: run `npm run migrations:generate` and commit it',
    );
    process.exit(1);
  }
  console.log('migrations/ matches src/db/schema.ts');
} finally {
  rmSync(copy, { recursive: true, force: true });
}
