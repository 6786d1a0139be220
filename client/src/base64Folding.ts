// A sealed object's base64 fills dozens of lines; a trace of a few objects becomes a wall of it.
// Every base64 body gets a folding range (from the line before it, so the MIME headers and the
// code lens stay visible) and a one-line summary after that line; with xmppE2e.foldBase64OnOpen
// (default on) they are folded the first time a trace is shown.
import * as vscode from 'vscode';

const BASE64_LINE = /^[ \t]*[A-Za-z0-9+/]{16,}={0,2}[ \t]*$/;
const MIN_LINES = 3;

export interface Base64Block {
  /** The line left visible (the one before the body): the fold starts here. */
  headLine: number;
  lastLine: number;
  lines: number;
  bytes: number;
}

/** The base64 runs of at least MIN_LINES lines (a lone base64-looking line is not a body). */
export function base64Blocks(lines: readonly string[]): Base64Block[] {
  const out: Base64Block[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!BASE64_LINE.test(lines[i])) {
      i++;
      continue;
    }
    const first = i;
    let chars = 0;
    while (i < lines.length && BASE64_LINE.test(lines[i])) chars += lines[i++].trim().replace(/=+$/, '').length;
    // A short last line (`...==`, or the end of the body) belongs to the run too.
    if (i < lines.length && /^[ \t]*[A-Za-z0-9+/]{1,15}={0,2}[ \t]*$/.test(lines[i])) chars += lines[i++].trim().replace(/=+$/, '').length;
    const n = i - first;
    if (n >= MIN_LINES && first > 0) out.push({ headLine: first - 1, lastLine: i - 1, lines: n, bytes: Math.floor((chars * 3) / 4) });
  }
  return out;
}

function blocksOf(doc: vscode.TextDocument): Base64Block[] {
  const lines: string[] = [];
  for (let i = 0; i < doc.lineCount; i++) lines.push(doc.lineAt(i).text);
  return base64Blocks(lines);
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KB`;
}

export function registerBase64Folding(context: vscode.ExtensionContext): void {
  const selector: vscode.DocumentSelector = [{ language: 'xmpp-trace' }];
  const summary = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 1em', fontStyle: 'italic' },
  });
  const folded = new Set<string>();

  const decorate = (editor: vscode.TextEditor) => {
    if (editor.document.languageId !== 'xmpp-trace') return;
    editor.setDecorations(
      summary,
      blocksOf(editor.document).map((b) => ({
        range: new vscode.Range(b.headLine, Number.MAX_SAFE_INTEGER, b.headLine, Number.MAX_SAFE_INTEGER),
        renderOptions: { after: { contentText: `⋯ base64 body: ${b.lines} lines, ${size(b.bytes)}` } },
      })),
    );
  };

  const folding = new Set<string>();
  const foldOnFirstShow = async (shown: vscode.TextEditor | undefined) => {
    let editor = shown;
    if (!editor || editor.document.languageId !== 'xmpp-trace') return;
    const key = editor.document.uri.toString();
    if (folded.has(key) || folding.has(key)) return;
    const blocks = blocksOf(editor.document);
    if (blocks.length === 0 || !vscode.workspace.getConfiguration('xmppE2e', editor.document.uri).get<boolean>('foldBase64OnOpen', true)) {
      folded.add(key);
      return;
    }
    // The folding model learns the ranges asynchronously (and again after a .log turned into a
    // trace): fold, check that the first body is hidden, and try again shortly if it is not. Only
    // a fold that took (or gave up on the same editor) counts as done; a replaced editor retries.
    const first = blocks[0];
    const hidden = (e: vscode.TextEditor) => !e.visibleRanges.some((r) => r.start.line <= first.headLine + 1 && first.headLine + 1 <= r.end.line);
    folding.add(key);
    try {
      for (let attempt = 0; attempt < 20; attempt++) {
        // The same document in a new editor (its language just changed) carries on; another one stops.
        editor = vscode.window.activeTextEditor;
        if (!editor || editor.document.uri.toString() !== key || editor.document.languageId !== 'xmpp-trace') return;
        await vscode.commands.executeCommand('editor.fold', { selectionLines: blocks.map((b) => b.headLine), levels: 1, direction: 'up' });
        await new Promise((r) => setTimeout(r, 150));
        if (hidden(editor)) break;
      }
      folded.add(key);
    } finally {
      folding.delete(key);
    }
  };

  context.subscriptions.push(
    summary,
    vscode.languages.registerFoldingRangeProvider(selector, {
      provideFoldingRanges: (doc) => blocksOf(doc).map((b) => new vscode.FoldingRange(b.headLine, b.lastLine, vscode.FoldingRangeKind.Region)),
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e) decorate(e);
      void foldOnFirstShow(e);
    }),
    vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach(decorate)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      for (const ed of vscode.window.visibleTextEditors) if (ed.document === e.document) decorate(ed);
    }),
    // A trace detected after opening (a .log switched to xmpp-trace) comes back as a new document.
    vscode.workspace.onDidOpenTextDocument((doc) => {
      const ed = vscode.window.activeTextEditor;
      if (ed && ed.document === doc) {
        decorate(ed);
        void foldOnFirstShow(ed);
      }
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => folded.delete(doc.uri.toString())),
  );
  for (const ed of vscode.window.visibleTextEditors) decorate(ed);
  void foldOnFirstShow(vscode.window.activeTextEditor);
}
