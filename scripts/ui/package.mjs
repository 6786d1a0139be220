// Builds the production bundles and packs the extension into xmpp-e2e-inspector.vsix with vsce,
// then checks what the package holds: only what the extension runs (dist/client.js, dist/server.js,
// grammars, language configurations; no CLI bundle, sources, sourcemaps or node_modules), the
// listing's files, and a size of at most 2 MB. The listing's README is the repository README
// without its contributor commands: it starts with the product (vsce --readme-path).
// Usage: node scripts/ui/package.mjs [--out FILE]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outArg = process.argv.indexOf('--out');
const out = resolve(root, outArg > 0 ? process.argv[outArg + 1] : 'xmpp-e2e-inspector.vsix');
const MAX_BYTES = 2 * 1024 * 1024;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
  }
  return r.stdout;
}

function fail(msg) {
  console.error(`package: ${msg}`);
  process.exit(1);
}

for (const f of ['LICENSE', 'README.md', 'CHANGELOG.md', 'media/icon.png']) {
  if (!existsSync(resolve(root, f))) fail(`${f} is missing (vsce needs it for the listing)`);
}

/** README.md for the Marketplace: from the title on (the two commands above it are for contributors), without ## Contributing. */
function marketplaceReadme() {
  const text = readFileSync(resolve(root, 'README.md'), 'utf8');
  const start = text.search(/^# /m);
  if (start < 0) fail('README.md has no "# " title');
  const body = text.slice(start).replace(/^## Contributing\n[\s\S]*?(?=^## |(?![\s\S]))/m, '');
  return body.trimEnd() + '\n';
}

run(process.execPath, ['esbuild.mjs', '--production']);
const vsce = resolve(root, 'node_modules', '@vscode', 'vsce', 'vsce');
// vsce takes the README from the project's files: written into dist/ (not committed), packed as README.md.
const readme = 'dist/marketplace-README.md';
writeFileSync(resolve(root, readme), marketplaceReadme());
// --no-dependencies: the bundles are self-contained, node_modules must not ship.
process.stdout.write(run(process.execPath, [vsce, 'package', '--no-dependencies', '--readme-path', readme, '--out', out]));

const listing = run('unzip', ['-Z1', out]).split('\n').filter(Boolean);
const files = listing.filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
const forbidden = files.filter((f) => /\.map$|\.ts$|^node_modules\/|^test\/|^src\/|\/src\/|^\.vscode-test\/|^samples\//.test(f) || (f.startsWith('dist/') && !['dist/client.js', 'dist/server.js', 'dist/explorer.js'].includes(f)));
if (forbidden.length) fail(`unexpected files in the package: ${forbidden.join(', ')}`);
for (const need of ['package.json', 'dist/client.js', 'dist/server.js', 'dist/explorer.js', 'media/explorer.css', 'media/icon.png', 'README.md', 'CHANGELOG.md']) {
  if (!files.some((f) => f.toLowerCase() === need.toLowerCase())) fail(`${need} is not in the package`);
}
// Every file the manifest points at must ship (a missing grammar or language configuration only
// shows up as a silent failure in VS Code).
const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const referenced = [
  manifest.main,
  manifest.icon,
  ...(manifest.contributes?.languages ?? []).map((l) => l.configuration),
  ...(manifest.contributes?.grammars ?? []).map((g) => g.path),
  ...(manifest.contributes?.snippets ?? []).map((s) => s.path),
].filter(Boolean).map((p) => p.replace(/^\.\//, ''));
const missing = referenced.filter((p) => !files.includes(p));
if (missing.length) fail(`files the manifest references are not in the package: ${missing.join(', ')}`);
const listed = run('unzip', ['-p', out, files.includes('readme.md') ? 'extension/readme.md' : 'extension/README.md']);
if (!/^# XMPP E2E Inspector\b/.test(listed)) fail('the packaged README does not start with the product\'s title');
if (/npm (install|test|run)/.test(listed.slice(0, 400))) fail('the packaged README starts with contributor commands');
const size = statSync(out).size;
if (size > MAX_BYTES) fail(`${out} is ${size} bytes, above the 2 MB limit`);
console.log(`package: ${out} (${(size / 1024).toFixed(0)} KiB, ${files.length} files)`);
for (const f of files.sort()) console.log(`  ${f}`);
