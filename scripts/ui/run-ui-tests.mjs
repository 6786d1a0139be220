// npm run test:ui: packages the .vsix, installs code-server and Chromium (cached), then runs the
// UI scenarios (test/ui/*.spec.mjs) one file at a time with Node's test runner.
// Usage: node scripts/ui/run-ui-tests.mjs [--skip-package] [--update-media] [spec-substring...]
//   --update-media copies the README's screenshots from test-results/ui/ to media/ after a green run.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const skipPackage = args.includes('--skip-package');
const updateMedia = args.includes('--update-media');
// test-results/ui/<step>.png -> media/<name>.png (the README's pictures).
const MEDIA = {
  'hover.png': 'screenshot-hover.png',
  'problems.png': 'screenshot-problems.png',
  // The Quick start on samples/ with default settings: lenses "· trusted", base64 folded.
  'quickstart-codelens.png': 'screenshot-codelens.png',
  'decoded-links.png': 'screenshot-decoded.png',
  'context-menu.png': 'screenshot-context-menu.png',
  'seal.png': 'screenshot-seal.png',
  'restricted-menu.png': 'screenshot-restricted.png',
  'explorer-readme-table.png': 'screenshot-explorer.png',
  'explorer-readme-diagram.png': 'screenshot-explorer-diagram.png',
};
const filters = args.filter((a) => !a.startsWith('--'));

function step(title, cmd, cmdArgs) {
  const t0 = Date.now();
  console.log(`\n== ${title}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`== ${title} failed (exit ${r.status}) after ${secs} s`);
    process.exit(r.status ?? 1);
  }
  console.log(`== ${title}: ${secs} s`);
}

step('install code-server and Chromium (cached)', 'bash', [join(root, 'scripts', 'ui', 'install.sh')]);
if (!skipPackage) step('package the .vsix', process.execPath, [join(root, 'scripts', 'ui', 'package.mjs')]);

const specs = readdirSync(join(root, 'test', 'ui'))
  .filter((f) => f.endsWith('.spec.mjs'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort()
  .map((f) => join('test', 'ui', f));
if (specs.length === 0) {
  console.error('no UI spec matched');
  process.exit(1);
}
// One file at a time: each starts its own code-server and Chromium, and the machine is small.
step('UI scenarios', process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...specs]);
const shots = join(root, 'test-results', 'ui');
console.log(`\nscreenshots: ${shots}`);
if (updateMedia) {
  for (const [from, to] of Object.entries(MEDIA)) {
    if (!existsSync(join(shots, from))) continue;
    copyFileSync(join(shots, from), join(root, 'media', to));
    console.log(`media/${to} <- ${from}`);
  }
}
