// The explorer's commands: "Open Trace Explorer" (palette, editor title, status bar tooltip) and
// "Export Report" (the same file `xmpp-e2e report` writes), plus the panel serializer that brings
// an open explorer back after a window reload.
import * as vscode from 'vscode';
import { ClientCommands, LANGUAGE_IDS } from '../../../server/src/protocol/commands';
import { ExplorerReportRequest, type ExplorerReportResult } from '../../../server/src/protocol/explorer';
import { EXPLORER_VIEW_TYPE, ExplorerPanel, type Send } from './explorerPanel';
import type { WebviewState } from './messages';

export const ExplorerCommands = { open: ClientCommands.openTraceExplorer, exportReport: ClientCommands.exportReport } as const;

function traceDocument(arg: unknown): vscode.TextDocument | undefined {
  const uri = arg instanceof vscode.Uri ? arg.toString() : undefined;
  const editor = vscode.window.activeTextEditor;
  if (uri) return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  if (editor && (LANGUAGE_IDS as readonly string[]).includes(editor.document.languageId)) return editor.document;
  return vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'xmpp-trace')?.document;
}

export function registerExplorer(context: vscode.ExtensionContext, send: Send): void {
  const exportReport = async (uri: vscode.Uri, filter: string, format?: 'html' | 'md', target?: vscode.Uri): Promise<void> => {
    const fmt = format ?? (await vscode.window.showQuickPick(
      [{ label: 'HTML', description: 'one self-contained page', value: 'html' as const }, { label: 'Markdown', description: 'with a Mermaid diagram', value: 'md' as const }],
      { title: 'Export Report', placeHolder: filter ? `Stanzas matching: ${filter}` : 'All stanzas' },
    ))?.value;
    if (!fmt) return;
    const r = await send<ExplorerReportResult>(ExplorerReportRequest, { uri: uri.toString(), format: fmt, filter });
    if (!r.ok) {
      void vscode.window.showWarningMessage(`Export Report: ${r.reason}`);
      return;
    }
    const dest = target ?? (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(uri, '..', r.suggestedName), filters: fmt === 'html' ? { HTML: ['html'] } : { Markdown: ['md'] }, title: 'Export Report' }));
    if (!dest) return;
    await vscode.workspace.fs.writeFile(dest, new TextEncoder().encode(r.text));
    void vscode.window.showInformationMessage(`Report written to ${vscode.workspace.asRelativePath(dest)}`);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(ExplorerCommands.open, (arg?: unknown) => {
      const command = Date.now();
      const doc = traceDocument(arg);
      if (!doc) {
        void vscode.window.showInformationMessage('Open an XMPP trace first, then run XMPP E2E: Open Trace Explorer.');
        return;
      }
      ExplorerPanel.show(context, send, doc, (uri, filter) => exportReport(uri, filter), command);
    }),
    /** Args (all optional, for keybindings and scripts): { uri, filter, format: 'html'|'md', target }. */
    vscode.commands.registerCommand(ExplorerCommands.exportReport, async (arg?: { uri?: string; filter?: string; format?: 'html' | 'md'; target?: string }) => {
      const doc = traceDocument(arg?.uri ? vscode.Uri.parse(arg.uri) : undefined);
      if (!doc) {
        void vscode.window.showInformationMessage('Open an XMPP trace first, then run XMPP E2E: Export Report.');
        return;
      }
      await exportReport(doc.uri, arg?.filter ?? '', arg?.format, arg?.target ? vscode.Uri.file(arg.target) : undefined);
    }),
    vscode.window.registerWebviewPanelSerializer(EXPLORER_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: WebviewState | undefined) {
        ExplorerPanel.restore(context, send, panel, state, (uri, filter) => exportReport(uri, filter));
      },
    }),
  );
}
