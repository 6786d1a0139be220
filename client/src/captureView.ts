// Network captures in the editor: a .pcap / .pcapng / .cap / .har file is binary, so "Open Capture"
// shows the server's read-only document of its reassembled XMPP streams under its own scheme, with
// the capture's diagnostics, and "Reveal Packet" gives the Wireshark frame of the cursor's position.
import * as vscode from 'vscode';
import { ClientCommands } from '../../server/src/protocol/commands';
import {
  CAPTURE_SCHEME,
  CaptureDocumentRequest,
  RevealPacketRequest,
  type CaptureDocumentResult,
  type RevealPacketResult,
} from '../../server/src/protocol/captureRequests';

type Sender = <R>(method: string, params: unknown) => Promise<R>;

/** The virtual document of a capture file: the file's URI rides in the query. */
export function captureViewUri(file: vscode.Uri): vscode.Uri {
  const name = file.path.split('/').pop() ?? 'capture';
  return vscode.Uri.from({ scheme: CAPTURE_SCHEME, path: `/${name}.xmpp`, query: file.toString() });
}

export class CaptureContentProvider implements vscode.TextDocumentContentProvider {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('xmpp-e2e-capture');

  constructor(private readonly send: Sender) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    try {
      const r = await this.send<CaptureDocumentResult | null>(CaptureDocumentRequest, { uri: uri.query, viewUri: uri.toString() });
      if (!r) return `Cannot read the capture ${uri.query}.`;
      this.diagnostics.set(
        uri,
        r.diagnostics.map((d) => {
          const range = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
          // LSP counts severities from 1 (Error), VS Code from 0.
          const severity = ((d.severity ?? 2) - 1) as vscode.DiagnosticSeverity;
          const v = new vscode.Diagnostic(range, typeof d.message === 'string' ? d.message : d.message.value, severity);
          if (d.code !== undefined) v.code = d.code;
          v.source = 'xmpp-e2e';
          return v;
        }),
      );
      return r.text;
    } catch (e) {
      return `The XMPP E2E language server could not answer: ${(e as Error).message}`;
    }
  }
}

/** Entries for the client's command table (commands.ts). */
export function captureCommands(send: Sender): Record<string, (...args: unknown[]) => unknown> {
  return {
    [ClientCommands.openCapture]: async (uri?: unknown) => {
      const file = uri instanceof vscode.Uri ? uri : (await vscode.window.showOpenDialog({ filters: { Captures: ['pcap', 'pcapng', 'cap', 'har'] } }))?.[0];
      if (!file) return;
      const doc = await vscode.workspace.openTextDocument(captureViewUri(file));
      await vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(doc, 'xmpp-trace'), { preview: false });
    },
    [ClientCommands.revealPacket]: async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.uri.scheme !== CAPTURE_SCHEME) {
        return void vscode.window.showInformationMessage('Open a capture with "XMPP E2E: Open Capture" first.');
      }
      const r = await send<RevealPacketResult | null>(RevealPacketRequest, { uri: editor.document.uri.query, position: editor.selection.active });
      if (!r) return void vscode.window.showInformationMessage('No packet behind this position.');
      if (r.displayFilter) await vscode.env.clipboard.writeText(r.displayFilter);
      void vscode.window.showInformationMessage(r.frame !== undefined ? `Frame ${r.frame} (Wireshark display filter "${r.displayFilter}" copied).` : `HAR ${r.label.replace(':', ' ')}.`);
    },
  };
}
