// The baseline extension of scripts/ui/measure-explorer-open.mjs: one command that opens an empty
// webview panel beside the editor (an inline script, no resources, no messages) and marks on its
// <body> the same steps as the explorer's page (command, panel, document started, script, painted
// frame), so the webview's own start in this workbench is measured the same way.
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../test/ui/paths.mjs';

export const BASELINE_COMMAND = 'Webview Baseline: Open Empty Panel';

const manifest = {
  name: 'webview-baseline',
  publisher: 'xmpp-e2e-timing',
  version: '0.0.1',
  license: 'MIT',
  engines: { vscode: '^1.91.0' },
  main: './extension.js',
  activationEvents: [],
  contributes: { commands: [{ command: 'webviewBaseline.open', title: BASELINE_COMMAND }] },
};

// The page marks what the explorer's page marks (client/src/explorer/webview/main.ts), on one clock.
const extension = `const vscode = require('vscode');
const { randomBytes } = require('node:crypto');
exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('webviewBaseline.open', () => {
    const command = Date.now();
    const panel = vscode.window.createWebviewPanel('webviewBaseline', 'Empty panel', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, { enableScripts: true, localResourceRoots: [] });
    const nonce = randomBytes(16).toString('base64');
    panel.webview.html = \`<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-\${nonce}'"></head>
<body data-t-command="\${command}" data-t-panel="\${Date.now()}" data-t-html="\${Date.now()}"><p id="empty">Empty webview</p><script nonce="\${nonce}">
const b = document.body.dataset;
const epoch = () => String(Math.round(performance.timeOrigin + performance.now()));
const nav = performance.getEntriesByType('navigation')[0];
b.tOrigin = String(Math.round(performance.timeOrigin));
if (nav) b.tNavDcl = String(Math.round(performance.timeOrigin + nav.domContentLoadedEventStart));
b.tScript = b.tRows = epoch();
requestAnimationFrame(() => (b.tFrame = epoch()));
</script></body></html>\`;
  }));
};
`;

/** Writes and packs the baseline extension under `dir`; returns its .vsix. */
export function packWebviewBaseline(dir) {
  const src = join(dir, 'webview-baseline');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(src, 'extension.js'), extension);
  writeFileSync(join(src, 'README.md'), '# Webview baseline\n\nAn empty webview panel, for timing.\n');
  writeFileSync(join(src, 'LICENSE'), 'MIT\n');
  const out = join(dir, 'webview-baseline.vsix');
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', out], { cwd: src, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packing the webview baseline failed: ${r.stdout}\n${r.stderr}`);
  return out;
}
