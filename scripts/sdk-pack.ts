// `npm run sdk:pack`: the SDK (src/client/) as the package @docket/client, a tarball that installs
// into any project on Node >= 20 or a browser bundler. Prints the tarball's path.
//
// tsc compiles src/client/ alone (tsconfig.client.json: ESM + .d.ts, nothing of the server can
// come along). The one runtime dependency, graphql-ws's client half, is copied in under vendor/
// with its licence: as a dependency it would drag in its peer `graphql` (the server half needs
// it), and the package would not install without a registry.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const staging = path.join(root, '.data', 'sdk-package');
const out = path.join(root, '.data', 'sdk');
const dist = path.join(staging, 'dist');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

rmSync(staging, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
mkdirSync(out, { recursive: true });

execFileSync(bin('tsc'), ['-p', path.join(root, 'tsconfig.client.json'), '--outDir', dist], {
  stdio: 'inherit',
});

// graphql-ws/client and the files it imports, as published (ESM), then pointed at from transport.js.
const require = createRequire(import.meta.url);
const wsPackageJson = require.resolve('graphql-ws/package.json');
const wsDir = path.dirname(wsPackageJson);
const wsVersion = (JSON.parse(readFileSync(wsPackageJson, 'utf8')) as { version: string }).version;
const vendor = path.join(dist, 'vendor', 'graphql-ws');
mkdirSync(vendor, { recursive: true });
const pending = ['client.js'];
for (const file of pending) {
  const source = readFileSync(path.join(wsDir, 'dist', file), 'utf8');
  writeFileSync(path.join(vendor, file), source);
  for (const [, dep] of source.matchAll(/from ['"]\.\/([^'"]+)['"]/g))
    if (!pending.includes(dep!)) pending.push(dep!);
}
copyFileSync(path.join(wsDir, 'LICENSE.md'), path.join(vendor, 'LICENSE.md'));
const transport = path.join(dist, 'transport.js');
const compiled = readFileSync(transport, 'utf8');
const pointed = compiled.replace(/from ['"]graphql-ws\/client['"]/, "from './vendor/graphql-ws/client.js'");
if (pointed === compiled) throw new Error('sdk:pack: transport.js no longer imports graphql-ws/client');
writeFileSync(transport, pointed);

const docket = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
const manifest = {
  name: '@docket/client',
  version: docket.version,
  description: 'TypeScript client for Docket, asynchronous document processing with a GraphQL API',
  type: 'module',
  exports: {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './package.json': './package.json',
  },
  main: './dist/index.js',
  types: './dist/index.d.ts',
  // Bundlers for browsers take this file instead: reading a path needs node:fs.
  browser: { './dist/read-path.js': './dist/read-path.browser.js' },
  sideEffects: false,
  engines: { node: '>=20' },
  files: ['dist', 'README.md'],
  dependencies: {},
  vendored: { 'graphql-ws': wsVersion },
};
writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
copyFileSync(path.join(root, 'src', 'client', 'README.md'), path.join(staging, 'README.md'));

const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], {
  cwd: staging,
  encoding: 'utf8',
})
  .trim()
  .split('\n')
  .at(-1)!;
console.log(path.join(out, packed));
