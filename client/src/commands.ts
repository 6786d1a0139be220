// The command table. Every command is registered at activation, before the server is up; those
// that need the server say so clearly when it is not running.
import * as vscode from 'vscode';
import { ClientCommands } from '../../server/src/protocol/commands';
import * as P from '../../server/src/protocol/requests';
import { DECODED_LANGUAGE, viewUri, type ViewKind } from './decodedContentProvider';
import { captureCommands } from './captureView';
import { redactForSharing } from './redactCommand';
import { copyOpensslCommand } from './opensslCommand';

export interface CommandHost {
  /** Sends a request, or throws ServerDown when the server is not running. */
  send<R>(method: string, params: unknown): Promise<R>;
  isRunning(): boolean;
  restart(): Promise<void>;
  protocolToCode: { asWorkspaceEdit(edit: P.LspWorkspaceEdit): Promise<vscode.WorkspaceEdit> };
}

export class ServerDown extends Error {
  constructor() {
    super("The XMPP E2E language server is not running (still starting, or it stopped). Run 'XMPP E2E: Restart Server' and try again.");
  }
}

const RESTRICTED = 'This workspace is not trusted (Restricted Mode): XMPP E2E loads no keys here, so sealing, unsealing and generating identities are unavailable. Parsing and structure still work. Trust the workspace to enable them.';

function activeTraceEditor(): vscode.TextEditor | undefined {
  return vscode.window.activeTextEditor;
}

const MANAGE_TRUST = 'Manage Workspace Trust';

function explainRestricted(): void {
  void Promise.resolve(vscode.window.showWarningMessage(RESTRICTED, MANAGE_TRUST)).then((pick) => {
    if (pick === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
  });
}

function requireTrust(): boolean {
  if (vscode.workspace.isTrusted) return true;
  explainRestricted();
  return false;
}

async function objectIndexFor(host: CommandHost, args: unknown[]): Promise<{ uri: string; objectIndex: number } | undefined> {
  if (typeof args[0] === 'string' && typeof args[1] === 'number') return { uri: args[0], objectIndex: args[1] };
  const a0 = args[0] as { uri?: string; objectIndex?: number } | undefined;
  if (a0 && typeof a0.uri === 'string' && typeof a0.objectIndex === 'number') return { uri: a0.uri, objectIndex: a0.objectIndex };
  const editor = activeTraceEditor();
  if (!editor) {
    void vscode.window.showInformationMessage('Open an XMPP trace and put the cursor on an <e2e/> object.');
    return undefined;
  }
  const uri = editor.document.uri.toString();
  const r = await host.send<P.ObjectAtResult | null>(P.ObjectAtRequest, { uri, position: editor.selection.active });
  if (!r) {
    void vscode.window.showInformationMessage('There is no <e2e/> object in this document.');
    return undefined;
  }
  return { uri, objectIndex: r.objectIndex };
}

async function openView(kind: ViewKind, uri: string, objectIndex: number, beside: boolean, signerIndex?: number): Promise<void> {
  const opened = await vscode.workspace.openTextDocument(viewUri(kind, uri, objectIndex, signerIndex));
  const doc = opened.languageId === DECODED_LANGUAGE ? opened : await vscode.languages.setTextDocumentLanguage(opened, DECODED_LANGUAGE);
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: beside ? vscode.ViewColumn.Beside : undefined });
}

async function applyServerEdit(host: CommandHost, edit: P.LspWorkspaceEdit | undefined, what: string): Promise<void> {
  if (!edit) return;
  const ok = await vscode.workspace.applyEdit(await host.protocolToCode.asWorkspaceEdit(edit), { isRefactoring: false });
  if (!ok) void vscode.window.showWarningMessage(`${what}: the editor refused the edit (the document may have changed).`);
}

/** Certificates (RFC 3923), OpenPGP keys (OX) or both: the `openpgp` flag of each request to make. */
async function pickIdentityKinds(): Promise<boolean[] | undefined> {
  const items = [
    { label: 'Certificates and keys (RFC 3923, S/MIME)', kinds: [false] },
    { label: 'OpenPGP keys (OX, XEP-0373), user IDs xmpp:JID', kinds: [true] },
    { label: 'Both', kinds: [false, true] },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'XMPP E2E: Generate Test Identities', placeHolder: 'Which kind of test identities?', ignoreFocusOut: true });
  return picked?.kinds;
}

function seal(host: CommandHost, mode: P.SealMode, ox = false) {
  return async () => {
    if (!requireTrust()) return;
    const editor = activeTraceEditor();
    if (!editor) return void vscode.window.showInformationMessage('Open an XMPP trace and put the cursor in the stanza to seal.');
    const r = await host.send<P.SealResult>(P.SealRequest, {
      uri: editor.document.uri.toString(),
      mode,
      version: editor.document.version,
      ranges: editor.selections.map((s) => ({ start: s.start, end: s.end })),
      ox,
    } satisfies P.SealParams);
    if (!r.ok) return void vscode.window.showWarningMessage(`Seal: ${r.reason}`);
    await applyServerEdit(host, r.edit, 'Seal');
  };
}

export function commandTable(context: vscode.ExtensionContext, host: CommandHost): Record<string, (...args: unknown[]) => unknown> {
  return {
    [ClientCommands.sealSign]: seal(host, 'sign'),
    [ClientCommands.sealEncrypt]: seal(host, 'encrypt'),
    [ClientCommands.sealSignEncrypt]: seal(host, 'signEncrypt'),
    [ClientCommands.sealOx]: seal(host, 'signEncrypt', true),
    [ClientCommands.unseal]: async (...args) => {
      if (!requireTrust()) return;
      const o = await objectIndexFor(host, args);
      if (o) await openView('unsealed', o.uri, o.objectIndex, true);
    },
    [ClientCommands.unsealInPlace]: async (...args) => {
      if (!requireTrust()) return;
      const o = await objectIndexFor(host, args);
      if (!o) return;
      const r = await host.send<P.UnsealResult>(P.UnsealRequest, { ...o, inPlace: true });
      if (!r.ok) return void vscode.window.showWarningMessage(`Unseal: ${r.reason}`);
      await applyServerEdit(host, r.edit, 'Unseal in place');
    },
    [ClientCommands.verifyTrace]: async () => {
      const editor = activeTraceEditor();
      if (!editor) return;
      const r = await host.send<P.VerifyTraceResult | null>(P.VerifyTraceRequest, { uri: editor.document.uri.toString() });
      if (!r) return;
      void vscode.window.showInformationMessage(
        `XMPP E2E: ${r.total} object(s): ${r.verified} verified, ${r.failed} failed, ${r.encrypted} encrypted without a key, ${r.unreadable} unreadable; ${r.errors} error(s), ${r.warnings} warning(s).`,
      );
      if (r.keyProblems.length) void vscode.window.showWarningMessage(`Key store: ${r.keyProblems.join('; ')}`);
    },
    [ClientCommands.openDecodedObject]: async (...args) => {
      const o = await objectIndexFor(host, args);
      if (o) await openView('decoded', o.uri, o.objectIndex, true);
    },
    [ClientCommands.showCertificate]: async (...args) => {
      const o = await objectIndexFor(host, args);
      if (o) await openView('certificate', o.uri, o.objectIndex, true, typeof args[2] === 'number' ? args[2] : 0);
    },
    [ClientCommands.generateIdentities]: async () => {
      if (!requireTrust()) return;
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) return void vscode.window.showWarningMessage('Open a folder first: identities are written into its .xmpp-e2e/ folder.');
      const input = await vscode.window.showInputBox({
        title: 'XMPP E2E: Generate Test Identities',
        prompt: 'JIDs to create test certificates and keys for (comma separated). Written to .xmpp-e2e/ — TEST ONLY.',
        value: 'juliet@example.com, romeo@example.net',
        ignoreFocusOut: true,
      });
      if (!input) return;
      const jids = input.split(/[,\s]+/).map((j) => j.trim()).filter(Boolean);
      const kinds = await pickIdentityKinds();
      if (!kinds) return;
      const keyPath = vscode.workspace.getConfiguration('xmppE2e', folder.uri).get<string[]>('keys.paths', ['.xmpp-e2e'])[0] ?? '.xmpp-e2e';
      const target = vscode.Uri.joinPath(folder.uri, keyPath);
      let written = 0;
      for (const openpgp of kinds) {
        const r = await host.send<P.GenerateIdentitiesResult>(P.GenerateIdentitiesRequest, { jids, folderPath: target.fsPath, ca: true, openpgp });
        if (!r.ok) return void vscode.window.showErrorMessage(`Generate Test Identities: ${r.reason}`);
        written += r.written.length;
      }
      void vscode.window.showInformationMessage(`XMPP E2E: wrote ${written} file(s) into ${target.fsPath} (test identities; keep them out of version control).`);
    },
    [ClientCommands.exportObject]: async (...args) => {
      const o = await objectIndexFor(host, args);
      if (!o) return;
      const r = await host.send<P.ExportObjectResult>(P.ExportObjectRequest, o);
      if (!r.ok) return void vscode.window.showWarningMessage(`Export: ${r.reason}`);
      const base = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({
        defaultUri: base ? vscode.Uri.joinPath(base, r.suggestedName) : undefined,
        filters: { 'S/MIME': ['eml', 'p7m'] },
        title: 'Export S/MIME Object (RFC 3923 §8 gateway unwrap)',
      });
      if (target) {
        await vscode.workspace.fs.writeFile(target, Buffer.from(r.mime, 'utf8'));
        await vscode.window.showTextDocument(target);
      } else {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: r.mime, language: 'plaintext' }));
      }
    },
    [ClientCommands.wrapObject]: async () => {
      const editor = activeTraceEditor();
      if (!editor) return void vscode.window.showInformationMessage('Open (or select) a MIME entity to wrap into a stanza.');
      const mime = editor.selection.isEmpty ? editor.document.getText() : editor.document.getText(editor.selection);
      const to = await vscode.window.showInputBox({ title: 'Wrap S/MIME Object', prompt: 'to (recipient JID, optional)', ignoreFocusOut: true });
      if (to === undefined) return;
      const from = await vscode.window.showInputBox({ title: 'Wrap S/MIME Object', prompt: 'from (sender JID, optional)', ignoreFocusOut: true });
      if (from === undefined) return;
      const r = await host.send<P.WrapObjectResult>(P.WrapObjectRequest, { mime, to: to || undefined, from: from || undefined } satisfies P.WrapObjectParams);
      if (!r.ok) return void vscode.window.showWarningMessage(`Wrap: ${r.reason}`);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: r.xml, language: 'xmpp-trace' }));
    },
    [ClientCommands.openAsTrace]: async (uri?: unknown) => {
      const doc = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : activeTraceEditor()?.document;
      if (!doc) return void vscode.window.showInformationMessage('Open a file to view it as an XMPP trace.');
      await vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(doc, 'xmpp-trace'));
    },
    [ClientCommands.restartServer]: async () => {
      await host.restart();
      void vscode.window.setStatusBarMessage('XMPP E2E language server restarted', 3000);
    },
    [ClientCommands.silenceCode]: async (code: unknown) => {
      if (typeof code !== 'string') return;
      const uri = activeTraceEditor()?.document.uri;
      const config = vscode.workspace.getConfiguration('xmppE2e', uri);
      const current = { ...(config.get<Record<string, string>>('severity') ?? {}) };
      current[code] = 'off';
      const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await config.update('severity', current, target);
      void vscode.window.setStatusBarMessage(`XMPP E2E: ${code} silenced (xmppE2e.severity)`, 4000);
    },
    [ClientCommands.showProblems]: () => vscode.commands.executeCommand('workbench.actions.view.problems'),
    [ClientCommands.sealUnavailable]: () => explainRestricted(),
    ...captureCommands((m, p) => host.send(m, p)),
    [ClientCommands.redactTrace]: redactForSharing,
    [ClientCommands.copyOpensslCommand]: async (...args) => {
      const o = await objectIndexFor(host, args);
      if (o) await copyOpensslCommand(host, o);
    },
  };
}

export function registerCommands(context: vscode.ExtensionContext, host: CommandHost): void {
  for (const [id, handler] of Object.entries(commandTable(context, host))) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (e) {
          const msg = e instanceof ServerDown ? e.message : `XMPP E2E: ${(e as Error).message}`;
          void vscode.window.showErrorMessage(msg);
          return undefined;
        }
      }),
    );
  }
}
