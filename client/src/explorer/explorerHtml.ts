// The explorer webview's HTML: a strict CSP (nothing remote, scripts only with this load's nonce,
// styles only from the extension), one stylesheet and one bundled script.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function explorerHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'explorer.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'explorer.css'));
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`, `img-src ${webview.cspSource} data:`, `font-src ${webview.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style}">
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
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
