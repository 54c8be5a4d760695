// postgres.js 3.4.9 loses a connection for good when the database drops it with a write
// buffered: closed() and terminate() cancel the pending flush but leave its timer set, so
// the reconnected connection never flushes again and its queries wait forever; a flush that
// does run after the close throws from a setImmediate and kills the process
// (porsager/postgres#1154, #1208, LanternOps/breeze#3225; unfixed upstream). Applied on
// install to both builds; idempotent; fails loudly if the code it patches has changed.
// Plain JavaScript: npm may run it before any TypeScript-capable node is at hand.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const MARK = '/* docket: closed-socket patch */';
// The CommonJS entry is cjs/src/index.js: the package root is two levels up.
const root = path.resolve(path.dirname(createRequire(import.meta.url).resolve('postgres')), '../..');
for (const file of ['src/connection.js', 'cjs/src/connection.js']) {
  const full = path.join(root, file);
  let code = readFileSync(full, 'utf8');
  if (code.includes(MARK)) continue;
  const flush = '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)';
  const cancel = /\n([ \t]*)clearImmediate\(nextWriteTimer\)\n/g;
  if (!code.includes(flush) || (code.match(cancel) ?? []).length !== 2) {
    throw new Error(
      `postgres.js changed: ${full} no longer matches the patch; check whether it is still needed`,
    );
  }
  code = code.replace(
    flush,
    `  function nextWrite(fn) { ${MARK}\n    if (!socket) {\n      chunk = nextWriteTimer = null\n      return false\n    }\n    const x = socket.write(chunk, fn)`,
  );
  code = code.replace(cancel, '\n$1clearImmediate(nextWriteTimer)\n$1chunk = nextWriteTimer = null\n');
  writeFileSync(full, code);
  console.log(`patched ${full}`);
}
