// activate/deactivate. Activation is cheap: the command table (usable before the server is up),
// the decoded-view provider, the status bar, base64 folding and trace detection on the client.
// The language server starts only when a trace, .cpim or .pidf document is open (or a command
// needs it), so opening other text files never starts it.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { DECODED_SCHEME } from '../../server/src/protocol/commands';
import { StatusNotification, WorkspaceTrustNotification, type StatusResult } from '../../server/src/protocol/requests';
import { registerCommands, ServerDown, type CommandHost } from './commands';
import { DecodedContentProvider, registerDecodedViewLinks } from './decodedContentProvider';
import { registerBase64Folding } from './base64Folding';
import { CaptureContentProvider } from './captureView';
import { CAPTURE_SCHEME } from '../../server/src/protocol/captureRequests';
import { registerDecodedLinks } from './decodedLinks';
import { createLanguageClient } from './serverClient';
import { TraceStatusBar } from './statusBar';
import { detectTrace, isTraceLanguage, shouldProbe } from './traceDetection';
import { registerExplorer } from './explorer/explorerCommands';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('XMPP E2E', { log: true });
  context.subscriptions.push(output);
  const lc = createLanguageClient(context, output);
  client = lc;
  const status = new TraceStatusBar();

  let starting: Promise<boolean> | undefined;
  /** Starts the server once; resolves false when it could not start. */
  const ensureServer = (why: string): Promise<boolean> => {
    starting ??= (async () => {
      output.info(`starting the language server (${why})`);
      try {
        await lc.start();
      } catch (e) {
        output.error(`The language server did not start: ${(e as Error).message}`);
        return false;
      }
      context.subscriptions.push(lc.onNotification(StatusNotification, (s: StatusResult) => status.update(s)));
      status.render();
      return true;
    })();
    return starting;
  };

  const host: CommandHost = {
    async send<R>(method: string, params: unknown): Promise<R> {
      if (lc.state !== State.Running) await ensureServer('a command needs it');
      if (lc.state !== State.Running) throw new ServerDown();
      return lc.sendRequest<R>(method, params);
    },
    isRunning: () => lc.state === State.Running,
    restart: async () => {
      if (lc.state === State.Running) await lc.restart();
      else if (!starting) await ensureServer('restart');
      else await lc.start();
    },
    protocolToCode: { asWorkspaceEdit: (edit) => lc.protocol2CodeConverter.asWorkspaceEdit(edit) },
  };
  registerCommands(context, host);
  registerExplorer(context, (m, p) => host.send(m, p));

  const provider = new DecodedContentProvider((m, p) => host.send(m, p));
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(DECODED_SCHEME, provider), registerDecodedViewLinks(provider), registerDecodedLinks());
  registerBase64Folding(context);
  const captures = new CaptureContentProvider((m, p) => host.send(m, p));
  context.subscriptions.push(captures.diagnostics, vscode.workspace.registerTextDocumentContentProvider(CAPTURE_SCHEME, captures));

  context.subscriptions.push(
    status,
    vscode.window.onDidChangeActiveTextEditor(() => status.render()),
    vscode.workspace.onDidCloseTextDocument((d) => status.forget(d.uri.toString())),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      status.render();
      if (lc.state === State.Running) void lc.sendNotification(WorkspaceTrustNotification, { trusted: true });
    }),
  );

  const consider = (doc: vscode.TextDocument) => {
    if (isTraceLanguage(doc)) void ensureServer(`${doc.languageId} document ${doc.uri.path.split('/').pop()}`);
    else if (shouldProbe(doc)) {
      void detectTrace(doc).then(
        (isTrace) => {
          if (!isTrace) output.info(`${doc.uri.path.split('/').pop()}: not an XMPP trace, left as ${doc.languageId}`);
        },
        (e) => output.warn(`trace detection: ${(e as Error).message}`),
      );
    }
  };
  output.info('activated; the language server starts when a trace, .cpim or .pidf document is open');
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(consider));
  for (const doc of vscode.workspace.textDocuments) consider(doc);
  status.render();
}

export async function deactivate(): Promise<void> {
  if (client && client.state === State.Running) await client.stop();
  client = undefined;
}
