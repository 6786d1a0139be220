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

// The CLI requires openpgp and node-forge on first use only (server/src/node/openpgpLib.ts,
// core/keys/pkcs12.ts); kept in files of their own beside dist/cli.js, an inspect of S/MIME objects
// does not even parse their 1.1 MB (~40 ms of every process's start).
const CLI_VENDOR = { openpgp: 'cli-openpgp.js', 'node-forge': 'cli-node-forge.js' };
const cliVendor = {
  name: 'cli-vendor',
  setup(build) {
    build.onResolve({ filter: /^(openpgp|node-forge)$/ }, (a) => ({ path: `./${CLI_VENDOR[a.path]}`, external: true }));
  },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli.js', alias: {}, plugins: [cliVendor] },
  { ...common, entryPoints: [common.alias.openpgp], outfile: `dist/${CLI_VENDOR.openpgp}` },
  { ...common, entryPoints: ['node-forge'], outfile: `dist/${CLI_VENDOR['node-forge']}` },
  // The trace explorer's webview page (a browser script: no Node, no vscode).
  { ...common, entryPoints: ['client/src/explorer/webview/main.ts'], outfile: 'dist/explorer.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
