// "XMPP E2E: Open Trace Explorer": one webview panel per trace. It asks the language server for the
// rows (the analysis the diagnostics use), re-asks after edits (debounced), reveals a clicked
// stanza in the editor and selects the row under the editor's cursor. Needs no keys: it works the
// same in Restricted Mode.
import * as vscode from 'vscode';
import { ExplorerModelRequest, type ExplorerModelResult } from '../../../server/src/protocol/explorer';
import { explorerHtml } from './explorerHtml';
import type { FromWebview, ToWebview, WebviewState } from './messages';

export const EXPLORER_VIEW_TYPE = 'xmppE2e.traceExplorer';
const REFRESH_MS = 300;

export type Send = <R>(method: string, params: unknown) => Promise<R>;

export class ExplorerPanel implements vscode.Disposable {
  private static readonly open = new Map<string, ExplorerPanel>();
  private model: ExplorerModelResult | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The page has said 'ready' (and is not hidden): messages reach it; until then they wait. */
  private ready = false;
  private waiting: ToWebview[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  static show(context: vscode.ExtensionContext, send: Send, doc: vscode.TextDocument, exportReport: (uri: vscode.Uri, filter: string) => Promise<void>): ExplorerPanel {
    const key = doc.uri.toString();
    const existing = ExplorerPanel.open.get(key);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(EXPLORER_VIEW_TYPE, `Explorer: ${baseName(doc.uri)}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')],
    });
    return new ExplorerPanel(context, send, panel, doc.uri, exportReport);
  }

  /** A panel VS Code restores after a reload (its webview state names the trace). */
  static restore(context: vscode.ExtensionContext, send: Send, panel: vscode.WebviewPanel, state: WebviewState | undefined, exportReport: (uri: vscode.Uri, filter: string) => Promise<void>): void {
    if (!state?.uri) {
      panel.dispose();
      return;
    }
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')] };
    new ExplorerPanel(context, send, panel, vscode.Uri.parse(state.uri), exportReport);
  }

  /** Test and status hook: the panel for a trace, if open. */
  static for(uri: vscode.Uri): ExplorerPanel | undefined {
    return ExplorerPanel.open.get(uri.toString());
  }

  private constructor(
    context: vscode.ExtensionContext,
    private readonly send: Send,
    readonly panel: vscode.WebviewPanel,
    readonly uri: vscode.Uri,
    private readonly exportReport: (uri: vscode.Uri, filter: string) => Promise<void>,
  ) {
    ExplorerPanel.open.set(uri.toString(), this);
    panel.webview.html = explorerHtml(panel.webview, context.extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      // A hidden webview is torn down (no retainContextWhenHidden): it says 'ready' again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.webview.onDidReceiveMessage((m: FromWebview) => void this.onMessage(m)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.uri.toString() && e.contentChanges.length) this.scheduleRefresh();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.uri.toString() === this.uri.toString()) this.followCursor(e.selections[0].active);
      }),
    );
    // Ask the server while the page loads: a big trace's rows are on their way before 'ready'.
    void this.refresh();
  }

  private post(m: ToWebview): void {
    if (!this.ready) {
      // Only the newest model matters; selections and notes keep their order after it.
      this.waiting = m.type === 'model' ? [m] : [...this.waiting, m];
      return;
    }
    void this.panel.webview.postMessage(m);
  }

  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_MS);
  }

  async refresh(): Promise<void> {
    try {
      const doc = await vscode.workspace.openTextDocument(this.uri);
      const model = await this.send<ExplorerModelResult | null>(ExplorerModelRequest, { uri: this.uri.toString() });
      if (!model) {
        this.post({ type: 'stale', reason: 'The language server has no analysis of this document yet.' });
        return;
      }
      if (model.version !== doc.version) {
        this.scheduleRefresh(); // a newer edit is on its way to the server
        return;
      }
      this.model = model;
      this.post({ type: 'model', model, fileName: baseName(this.uri) });
    } catch (e) {
      this.post({ type: 'stale', reason: (e as Error).message });
    }
  }

  private async onMessage(m: FromWebview): Promise<void> {
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        const waiting = this.waiting;
        this.waiting = [];
        // The newest model first (a reloaded page has none), then what else waited.
        if (this.model) this.post({ type: 'model', model: this.model, fileName: baseName(this.uri) });
        for (const w of waiting) if (w.type !== 'model') this.post(w);
        return;
      }
      case 'reveal':
        await this.reveal(m.index);
        return;
      case 'exportReport':
        await this.exportReport(this.uri, m.filter);
        return;
      case 'exportSvg': {
        const target = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.joinPath(this.uri, '..', `${baseName(this.uri).replace(/\.[^.]*$/, '')}-sequence.svg`),
          filters: { 'SVG image': ['svg'] },
          title: 'Export the sequence diagram',
        });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(m.svg));
        void vscode.window.showInformationMessage(`Diagram written to ${target.fsPath}`);
        return;
      }
    }
  }

  /** Shows the stanza in its editor (beside the panel), selected. */
  private async reveal(index: number): Promise<void> {
    const row = this.model?.rows[index];
    if (!row) return;
    const range = new vscode.Range(row.range.start.line, row.range.start.character, row.range.end.line, row.range.end.character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
    const doc = await vscode.workspace.openTextDocument(this.uri);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: true, selection: new vscode.Selection(range.start, range.start) });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /**
   * The row whose stanza holds the cursor, or else the one that starts on the cursor's line (the
   * cursor in a log line's prefix). Rows are in file order: binary search for the last one at or
   * before the cursor.
   */
  private followCursor(pos: vscode.Position): void {
    const rows = this.model?.rows ?? [];
    const le = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    let lo = 0;
    let hi = rows.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (le(rows[mid].range.start, pos)) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const inside = at >= 0 && le(pos, rows[at].range.end);
    const next = rows[at + 1];
    const pick = inside ? rows[at] : next && next.range.start.line === pos.line ? next : at >= 0 && rows[at].range.end.line === pos.line ? rows[at] : undefined;
    if (pick) this.post({ type: 'select', index: pick.index });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    ExplorerPanel.open.delete(this.uri.toString());
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
