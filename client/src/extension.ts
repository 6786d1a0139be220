// activate/deactivate: the command table first (usable while the server is down), then the
// decoded-view provider, the status bar, trace detection and the language client.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { DECODED_SCHEME } from '../../server/src/protocol/commands';
import { StatusNotification, WorkspaceTrustNotification, type StatusResult } from '../../server/src/protocol/requests';
import { registerCommands, ServerDown, type CommandHost } from './commands';
import { DecodedContentProvider } from './decodedContentProvider';
import { createLanguageClient } from './serverClient';
import { TraceStatusBar } from './statusBar';
import { detectTrace, shouldProbe } from './traceDetection';
import { registerExplorer } from './explorer/explorerCommands';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('XMPP E2E', { log: true });
  context.subscriptions.push(output);
  const lc = createLanguageClient(context, output);
  client = lc;

  const host: CommandHost = {
    async send<R>(method: string, params: unknown): Promise<R> {
      if (lc.state !== State.Running) throw new ServerDown();
      return lc.sendRequest<R>(method, params);
    },
    isRunning: () => lc.state === State.Running,
    restart: async () => {
      if (lc.state === State.Running) await lc.restart();
      else await lc.start();
    },
    protocolToCode: { asWorkspaceEdit: (edit) => lc.protocol2CodeConverter.asWorkspaceEdit(edit) },
  };
  registerCommands(context, host);
  registerExplorer(context, (m, p) => host.send(m, p));

  const provider = new DecodedContentProvider((m, p) => host.send(m, p));
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(DECODED_SCHEME, provider));

  const status = new TraceStatusBar();
  context.subscriptions.push(
    status,
    vscode.window.onDidChangeActiveTextEditor(() => status.render()),
    vscode.workspace.onDidCloseTextDocument((d) => status.forget(d.uri.toString())),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (lc.state === State.Running) void lc.sendNotification(WorkspaceTrustNotification, { trusted: true });
    }),
  );

  const probe = (doc: vscode.TextDocument) => {
    if (shouldProbe(doc) && lc.state === State.Running) void detectTrace(doc, (m, p) => host.send(m, p)).catch(() => undefined);
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(probe));

  try {
    await lc.start();
  } catch (e) {
    output.error(`The language server did not start: ${(e as Error).message}`);
    return;
  }
  context.subscriptions.push(lc.onNotification(StatusNotification, (s: StatusResult) => status.update(s)));
  for (const doc of vscode.workspace.textDocuments) probe(doc);
  status.render();
}

export async function deactivate(): Promise<void> {
  if (client && client.state === State.Running) await client.stop();
  client = undefined;
}
