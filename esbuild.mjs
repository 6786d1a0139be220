// Bundles the extension client, the language server and the CLI into dist/ (tsc type-checks separately).
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  logOverride: { 'import-is-undefined': 'error' },
  // openpgp's ESM build reads import.meta.url, which a CJS bundle lacks: bundle its CJS build.
  alias: { openpgp: './node_modules/openpgp/dist/node/openpgp.min.cjs' },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli.js' },
  // The trace explorer's webview page (a browser script: no Node, no vscode).
  { ...common, entryPoints: ['client/src/explorer/webview/main.ts'], outfile: 'dist/explorer.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
