// initialize / initialized and the workspace events: capabilities, workspace folders, settings
// (initializationOptions, workspace/configuration or didChangeConfiguration), key files, trust.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import type { Session } from '../session';
import { URI } from '../uri';
import { ServerCommands } from '../../protocol/commands';
import * as P from '../../protocol/requests';

export function registerLifecycle(session: Session): void {
  const { connection, settings, keys } = session;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    const init = (params.initializationOptions ?? {}) as P.InitializationOptions;
    session.caps = {
      pullDiagnostics: !!caps.textDocument?.diagnostic,
      pullConfiguration: !!caps.workspace?.configuration,
      relatedInformation: caps.textDocument?.publishDiagnostics?.relatedInformation !== false,
      dynamicWatch: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      dynamicConfig: !!caps.workspace?.didChangeConfiguration?.dynamicRegistration,
      folderEvents: !!caps.workspace?.workspaceFolders,
      passphrases: init.passphrases === true,
      clientCommands: init.clientCommands === true,
      showDocument: caps.window?.showDocument?.support === true,
      documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true,
    };
    if (init.settings !== undefined) settings.setFallback(init.settings);
    if (init.trusted === false) keys.setTrusted(false);
    session.folders = (params.workspaceFolders ?? []).map((f) => URI.toPath(f.uri)).filter((p): p is string => !!p);
    if (session.folders.length === 0) {
      const root = params.rootUri ? URI.toPath(params.rootUri) : params.rootPath ?? undefined;
      if (root) session.folders = [root];
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        documentSymbolProvider: { label: 'XMPP trace' },
        foldingRangeProvider: true,
        definitionProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.Source] },
        executeCommandProvider: { commands: Object.values(ServerCommands) },
        diagnosticProvider: session.caps.pullDiagnostics ? { interFileDependencies: false, workspaceDiagnostics: false, identifier: 'xmpp-e2e' } : undefined,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'xmpp-e2e-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (session.caps.dynamicConfig) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'xmppE2e' });
    if (session.caps.dynamicWatch) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{pem,crt,cer,der,key,p12,pfx,p7b,p7c,asc,gpg,pgp}' }, { globPattern: '**/.xmpp-e2e/**' }],
      });
    }
    if (session.caps.folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => URI.toPath(f.uri)));
        session.folders = [...session.folders.filter((f) => !removed.has(f)), ...e.added.map((f) => URI.toPath(f.uri)).filter((p): p is string => !!p)];
        session.revalidateAll();
      });
    }
  });

  connection.onDidChangeConfiguration((change) => {
    // Pushed settings ({ xmppE2e: {...} }) are kept as the fallback, also for clients that advertise
    // workspace/configuration but answer it with nothing (Neovim 0.7 sends its settings this way).
    const pushed = change.settings as Record<string, unknown> | undefined;
    const raw = pushed && typeof pushed === 'object' && 'xmppE2e' in pushed ? pushed.xmppE2e : undefined;
    if (raw !== undefined && raw !== null) settings.setFallback(raw);
    settings.clear();
    keys.invalidate();
    session.revalidateAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const c of params.changes) keys.fileChanged(URI.toPath(c.uri));
    session.revalidateAll();
  });

  connection.onNotification(P.WorkspaceTrustNotification, (p: P.WorkspaceTrustParams) => {
    keys.setTrusted(!!p?.trusted);
    settings.clear(); // restricted settings (key and trust paths) now read their real values
    session.revalidateAll();
  });
}
