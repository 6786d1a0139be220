// "XMPP E2E: Open Trace Explorer": one webview panel per trace. It asks the language server for the
// rows (the analysis the diagnostics use): the first screen at once, the rest in chunks, and after
// an edit (debounced) only the splice from the generation the page holds. It reveals a clicked
// stanza in the editor and selects the row under the editor's cursor (both located by the server,
// so the host keeps no rows). Needs no keys: it works the same in Restricted Mode.
import * as vscode from 'vscode';
import * as X from '../../../server/src/protocol/explorer';
import { explorerHtml, pageAssets, type PageAssets } from './explorerHtml';
import type { FromWebview, HostTimes, ToWebview, WebviewState } from './messages';

export const EXPLORER_VIEW_TYPE = 'xmppE2e.traceExplorer';
const REFRESH_MS = 300;
/** Rows with the model (a screen and then some), then per chunk. */
const FIRST_ROWS = 200;
const CHUNK_ROWS = 10_000;
/** How long the page's HTML waits for the first screen of rows to be written into it. The
 *  workbench builds the webview meanwhile; a slower answer (an analysis still running) goes by
 *  message instead. */
const EMBED_WAIT_MS = 300;

export type Send = <R>(method: string, params: unknown) => Promise<R>;

export class ExplorerPanel implements vscode.Disposable {
  private static readonly open = new Map<string, ExplorerPanel>();
  /** The newest generation sent to the page (rows are located by it). */
  private gen: number | undefined;
  /** The generation the page holds in full (a delta can start from it). */
  private held: number | undefined;
  /** Bumped by each refresh: an older load stops at its next step. */
  private loads = 0;
  /** A refresh is on its way to the server: the page will get its answer (no second ask on 'ready'). */
  private asking = false;
  private cursorAsks = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The page has said 'ready' (and is not hidden): messages reach it; until then they wait. */
  private ready = false;
  /** What waits for 'ready': a model and what followed it (or only selections). */
  private waiting: ToWebview[] = [];
  /** The page's HTML: unset until the first model is written into it or EMBED_WAIT_MS passed. */
  private pageTimer: NodeJS.Timeout | undefined;
  private pageSet = false;
  private readonly assets: Promise<PageAssets>;
  private disposed = false;
  /** The page's HTML holds the model (until its first 'ready'): rows that follow it wait. */
  private pageHoldsModel = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** The opening's steps (the first model only). */
  private times: HostTimes | undefined;

  static show(context: vscode.ExtensionContext, send: Send, doc: vscode.TextDocument, exportReport: (uri: vscode.Uri, filter: string) => Promise<void>, command = Date.now()): ExplorerPanel {
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
    return new ExplorerPanel(context, send, panel, doc.uri, exportReport, { command, panel: Date.now() });
  }

  /** A panel VS Code restores after a reload (its webview state names the trace). */
  static restore(context: vscode.ExtensionContext, send: Send, panel: vscode.WebviewPanel, state: WebviewState | undefined, exportReport: (uri: vscode.Uri, filter: string) => Promise<void>): void {
    if (!state?.uri) {
      panel.dispose();
      return;
    }
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')] };
    new ExplorerPanel(context, send, panel, vscode.Uri.parse(state.uri), exportReport, { panel: Date.now() });
  }

  /** Test and status hook: the panel for a trace, if open. */
  static for(uri: vscode.Uri): ExplorerPanel | undefined {
    return ExplorerPanel.open.get(uri.toString());
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly send: Send,
    readonly panel: vscode.WebviewPanel,
    readonly uri: vscode.Uri,
    private readonly exportReport: (uri: vscode.Uri, filter: string) => Promise<void>,
    times: HostTimes,
  ) {
    this.times = times;
    ExplorerPanel.open.set(uri.toString(), this);
    this.assets = pageAssets(context.extensionUri);
    this.pageTimer = setTimeout(() => this.setPage(), EMBED_WAIT_MS);
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
        if (e.textEditor.document.uri.toString() === this.uri.toString()) void this.followCursor(e.selections[0].active);
      }),
    );
    // Ask the server while the workbench builds the webview: the first rows go into its HTML.
    void this.refresh();
  }

  /** Sets the page's HTML, once: with the first model when it came in time (the page shows its
   *  rows without a message round trip), else without (the model follows by message). */
  private setPage(first?: Extract<ToWebview, { type: 'model' }>): boolean {
    if (this.pageSet) return false;
    this.pageSet = true;
    clearTimeout(this.pageTimer);
    this.pageHoldsModel = first !== undefined;
    void this.assets.then((inline) => {
      if (this.disposed) return;
      if (first) first.times.html = Date.now();
      this.panel.webview.html = explorerHtml(this.panel.webview, this.context.extensionUri, inline, first);
    });
    return true;
  }

  private post(m: ToWebview): void {
    if (this.ready) {
      if (m.type === 'model') m.times.posted = Date.now();
      void this.panel.webview.postMessage(m);
      return;
    }
    if (m.type === 'model') this.waiting = [m, ...this.waiting.filter((w) => w.type === 'select')];
    else if (m.type === 'rows' || m.type === 'delta') {
      // Rows follow a model: without one waiting the page (torn down while hidden) needs a reload.
      if (this.waiting[0]?.type === 'model' || this.pageHoldsModel) this.waiting.push(m);
      else this.held = undefined;
    } else this.waiting.push(m);
  }

  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_MS);
  }

  async refresh(): Promise<void> {
    const load = ++this.loads;
    const uri = this.uri.toString();
    this.asking = true;
    try {
      const doc = await vscode.workspace.openTextDocument(this.uri);
      const since = this.held;
      const times: HostTimes = this.times ?? {};
      this.times = undefined;
      times.asked = Date.now();
      const m = await this.send<X.ExplorerModelResult | null>(X.ExplorerModelRequest, { uri, since, first: FIRST_ROWS }).finally(() => {
        if (load === this.loads) this.asking = false;
      });
      times.answered = Date.now();
      if (load !== this.loads) return;
      if (!m) {
        this.post({ type: 'stale', reason: 'The language server has no analysis of this document yet.' });
        return;
      }
      if (m.version !== doc.version) {
        this.scheduleRefresh(); // a newer edit is on its way to the server
        return;
      }
      const { rows, delta, ...head } = m;
      this.gen = m.gen;
      if (delta && since !== undefined) {
        this.post({ type: 'delta', head, since, at: delta.at, remove: delta.remove, insert: delta.insert });
        if (this.held === since) this.held = m.gen;
        return;
      }
      if (!rows) return;
      this.held = undefined;
      const model: ToWebview = { type: 'model', head, rows, fileName: baseName(this.uri), times };
      if (!this.setPage(model)) this.post(model);
      for (let next = rows.n; next < m.total; ) {
        const chunk = await this.send<X.RowColumns | null>(X.ExplorerRowsRequest, { uri, gen: m.gen, start: next, count: CHUNK_ROWS });
        if (load !== this.loads) return;
        if (!chunk || chunk.n === 0) {
          this.scheduleRefresh(); // the generation is gone: start over
          return;
        }
        this.post({ type: 'rows', gen: m.gen, rows: chunk });
        next += chunk.n;
      }
      if (this.ready || this.waiting[0]?.type === 'model' || this.pageHoldsModel) this.held = m.gen;
    } catch (e) {
      if (load === this.loads) this.asking = false;
      this.post({ type: 'stale', reason: (e as Error).message });
    }
  }

  private async onMessage(m: FromWebview): Promise<void> {
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        const waiting = this.waiting;
        this.waiting = [];
        for (const w of waiting) this.post(w);
        // A page that (re)loaded without a model waiting for it (or in its HTML) gets the rows again.
        const holds = this.pageHoldsModel;
        this.pageHoldsModel = false;
        if (waiting[0]?.type !== 'model' && !holds && !this.asking) {
          this.held = undefined;
          void this.refresh();
        }
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
    if (this.gen === undefined) return;
    const r = await this.send<X.LspRange | null>(X.ExplorerLocateRequest, { uri: this.uri.toString(), gen: this.gen, index });
    if (!r) return;
    const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
    const doc = await vscode.workspace.openTextDocument(this.uri);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: true, selection: new vscode.Selection(range.start, range.start) });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** Selects the row the server finds for the cursor (its stanza, or one on the cursor's line); the newest answer wins. */
  private async followCursor(pos: vscode.Position): Promise<void> {
    if (this.gen === undefined) return;
    const ask = ++this.cursorAsks;
    const index = await this.send<number>(X.ExplorerRowAtRequest, { uri: this.uri.toString(), gen: this.gen, position: { line: pos.line, character: pos.character } }).catch(() => -1);
    if (ask === this.cursorAsks && index >= 0) this.post({ type: 'select', index });
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    clearTimeout(this.pageTimer);
    ExplorerPanel.open.delete(this.uri.toString());
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
