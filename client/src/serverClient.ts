// Creates the LanguageClient: dist/server.js over stdio, the three languages on file and
// untitled documents, Workspace Trust and the passphrase channel passed through. Stdio, not node
// IPC: the server's stdio reader parses a large didOpen in steps, while node's IPC channel parses
// each message in one task (90 ms for a 22 MB trace, with the server's event loop held).
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGE_IDS } from '../../server/src/protocol/commands';
import { PassphraseRequest, type InitializationOptions, type PassphraseParams, type PassphraseResult } from '../../server/src/protocol/requests';
import { askPassphrase } from './passphrases';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: InitializationOptions = { trusted: vscode.workspace.isTrusted, passphrases: true, clientCommands: true };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGE_IDS.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    initializationOptions,
    outputChannel: output,
    // Settings: the server pulls them (workspace/configuration) and registers for changes itself.
  };
  const client = new LanguageClient('xmppE2e', 'XMPP E2E Inspector', serverOptions, clientOptions);
  client.onRequest(PassphraseRequest, async (params: PassphraseParams): Promise<PassphraseResult> => {
    if (!vscode.workspace.isTrusted) return {};
    return { sealed: await askPassphrase(context.secrets, params.path, params.publicKey, params.retry === true) };
  });
  return client;
}
