// The explorer webview's HTML: a strict CSP (nothing remote; scripts and styles only with this
// load's nonce, or from the extension), the page's script and stylesheet inline, and the first
// model (a screen of rows) as an inline JSON data block, so the page shows rows before any message.
// Inline, the page needs no resource loads: in the workbench each one goes through the webview's
// service worker and the workbench's main thread, which is busy laying out the editor beside it.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { scriptJson } from '../../../server/src/core/explorer/escape';
import { FIRST_MODEL_ID, type ToWebview } from './messages';

/** The page's script and stylesheet texts, when they can be inlined. */
export interface PageAssets { script?: string; style?: string }

const SCRIPT = ['dist', 'explorer.js'];
const STYLE = ['media', 'explorer.css'];
let assets: Promise<PageAssets> | undefined;

/** Read once per extension host. A text that could end its element early is linked instead. */
export function pageAssets(extensionUri: vscode.Uri): Promise<PageAssets> {
  const read = (parts: string[], end: RegExp) =>
    Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...parts)))
      .then((b) => new TextDecoder().decode(b))
      .then((t) => (end.test(t) ? undefined : t), () => undefined);
  return (assets ??= Promise.all([read(SCRIPT, /<\/script|<!--/i), read(STYLE, /<\/style/i)]).then(([script, style]) => ({ script, style })));
}

export function explorerHtml(webview: vscode.Webview, extensionUri: vscode.Uri, inline: PageAssets, first?: Extract<ToWebview, { type: 'model' }>): string {
  const nonce = randomBytes(16).toString('base64');
  const src = (parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts));
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource} 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, `img-src ${webview.cspSource} data:`, `font-src ${webview.cspSource}`].join('; ');
  const style = inline.style !== undefined ? `<style nonce="${nonce}">${inline.style}</style>` : `<link rel="stylesheet" href="${src(STYLE)}">`;
  const script = inline.script !== undefined ? `<script nonce="${nonce}">${inline.script}</script>` : `<script nonce="${nonce}" src="${src(SCRIPT)}"></script>`;
  const model = first ? `<script type="application/json" id="${FIRST_MODEL_ID}" nonce="${nonce}">${scriptJson(first)}</script>\n` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${style}
<title>XMPP Trace Explorer</title>
</head>
<body>
<div class="bar">
  <span id="title" role="heading" aria-level="1">XMPP Trace Explorer</span>
  <div id="tabs" role="tablist" aria-label="Views">
    <button id="tab-table" role="tab" aria-controls="panel-table" aria-selected="true">Table</button>
    <button id="tab-diagram" role="tab" aria-controls="panel-diagram" aria-selected="false" tabindex="-1">Diagram</button>
  </div>
  <button id="export-svg" title="Save the diagram as an SVG file">Export SVG</button>
  <button id="export-report" title="Write the HTML or Markdown report (the same as xmpp-e2e report)">Export Report</button>
</div>
<div class="bar">
  <input id="filter" type="text" spellcheck="false" aria-label="Filter stanzas" aria-describedby="filter-help filter-error"
    placeholder="from:juliet@example.com kind:message verdict:failed">
  <span id="counts" role="status" aria-live="polite"></span>
  <span id="filter-help" hidden>Terms: from: to: jid: kind: dir: stream: type: verdict: code: and free text; a,b means either; -term negates.</span>
  <span id="filter-error" role="alert"></span>
  <span id="stale" role="status"></span>
</div>
<div id="panel-table" role="tabpanel" aria-labelledby="tab-table">
  <div id="grid" role="grid" aria-label="Stanzas" tabindex="0" aria-rowcount="0">
    <div id="header" class="cols" role="row" aria-rowindex="1"></div>
    <div id="viewport" role="presentation"><div id="spacer" role="rowgroup"></div></div>
  </div>
</div>
<div id="panel-diagram" role="tabpanel" aria-labelledby="tab-diagram" hidden><div id="diagram"></div></div>
${model}${script}
</body>
</html>`;
}
