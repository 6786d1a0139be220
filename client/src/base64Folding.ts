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

  const foldOnFirstShow = async (editor: vscode.TextEditor | undefined) => {
    if (!editor || editor.document.languageId !== 'xmpp-trace') return;
    const key = editor.document.uri.toString();
    if (folded.has(key)) return;
    folded.add(key);
    if (!vscode.workspace.getConfiguration('xmppE2e', editor.document.uri).get<boolean>('foldBase64OnOpen', true)) return;
    const lines = blocksOf(editor.document).map((b) => b.headLine);
    if (lines.length && vscode.window.activeTextEditor === editor) {
      await vscode.commands.executeCommand('editor.fold', { selectionLines: lines, levels: 1, direction: 'up' });
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
