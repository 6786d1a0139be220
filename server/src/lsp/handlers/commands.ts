// workspace/executeCommand: the server-side commands behind code actions and lenses, usable from
// any LSP client. Results that are text go to a file shown with window/showDocument (or named in a
// window/showMessage where the client cannot show documents); refusals are window/showMessage
// notifications, never a showMessageRequest a headless client would have to answer.
import { MessageType } from 'vscode-languageserver';
import { fixFor, isCode } from '../../core/service';
import { runSafe } from '../runSafe';
import { STALE, type Session } from '../session';
import { toVersionedEdit, toWorkspaceEdit } from '../convert';
import { writeView } from '../viewFiles';
import { URI } from '../uri';
import { decodedViewOf, doSeal, doUnseal, NO_OBJECT } from './objects';
import { verifyTrace } from './diagnostics';
import { ServerCommands } from '../../protocol/commands';
import type * as P from '../../protocol/requests';

type Args = Record<string, unknown>;
type Handler = (session: Session, arg: Args, raw: unknown[]) => Promise<unknown>;

function tell(session: Session, type: MessageType, message: string): void {
  void session.connection.sendNotification('window/showMessage', { type, message });
}

/** Shows a text view: showDocument where supported, else says where the file is. */
async function showText(session: Session, name: string, text: string, what: string): Promise<string> {
  const uri = writeView(name, text);
  const shown = session.caps.showDocument ? (await session.connection.window.showDocument({ uri, takeFocus: true }).catch(() => ({ success: false }))).success : false;
  if (!shown) tell(session, MessageType.Info, `${what}: ${URI.toPath(uri) ?? uri}`);
  return uri;
}

async function applyEdit(session: Session, label: string, edit: P.LspWorkspaceEdit | ReturnType<typeof toVersionedEdit>): Promise<boolean> {
  const r = await session.connection.workspace.applyEdit({ label, edit });
  return r.applied;
}

const HANDLERS: Record<string, Handler> = {
  async [ServerCommands.seal](session, arg) {
    const res = await doSeal(session, arg as unknown as P.SealParams);
    if (!res.ok) {
      tell(session, MessageType.Warning, res.reason);
      return res;
    }
    return { ...res, applied: await applyEdit(session, `Seal (${String(arg.mode)}${arg.ox ? ', OX' : ''})`, res.edit) };
  },

  async [ServerCommands.unsealInPlace](session, arg) {
    const res = await doUnseal(session, { ...(arg as unknown as P.UnsealParams), inPlace: true });
    if (!res.ok || !res.edit) {
      const reason = res.ok ? 'Nothing to replace.' : res.reason;
      tell(session, MessageType.Warning, reason);
      return { ok: false, reason };
    }
    return { ok: true, applied: await applyEdit(session, 'Unseal in place', res.edit), contentType: res.contentType };
  },

  [ServerCommands.verifyTrace]: (session, arg) => verifyTrace(session, String(arg.uri ?? '')),

  async [ServerCommands.openDecodedObject](session, arg) {
    const view = await decodedViewOf(session, arg as unknown as P.ObjectParams);
    if (!view) {
      tell(session, MessageType.Warning, NO_OBJECT.reason);
      return NO_OBJECT;
    }
    const uri = await showText(session, `${view.title}.txt`, view.text, 'Decoded view written to');
    return { ok: true, ...view, uri };
  },

  async [ServerCommands.unseal](session, arg) {
    const res = await doUnseal(session, { ...(arg as unknown as P.UnsealParams), inPlace: false });
    if (!res.ok) {
      tell(session, MessageType.Warning, `Unseal: ${res.reason}`);
      return res;
    }
    const name = `${URI.baseName(String(arg.uri))} — object ${Number(arg.objectIndex ?? 0) + 1} (unsealed).txt`;
    return { ok: true, contentType: res.contentType, uri: await showText(session, name, res.plaintext, 'Unsealed plaintext written to (private file)') };
  },

  async [ServerCommands.silenceCode](session, _arg, raw) {
    const code = String(raw[0] ?? '');
    if (!isCode(code)) return { ok: false, reason: `unknown code ${code}` };
    session.silenced.add(code);
    session.revalidateAll();
    tell(session, MessageType.Info, `${code} is silenced until the server restarts; to keep it off, set xmppE2e.severity["${code}"] = "off" in your editor's settings for the server.`);
    return { ok: true };
  },

  async [ServerCommands.applyFix](session, arg) {
    const uri = String(arg.uri ?? '');
    const r = await session.exact(uri, typeof arg.version === 'number' ? arg.version : -1);
    if (r === 'stale' || !r) {
      tell(session, MessageType.Warning, r ? STALE : 'The document is not open.');
      return { ok: false, reason: r ? STALE : 'The document is not open.' };
    }
    const span = arg.span as { start: number; end: number } | undefined;
    const fix = span && fixFor(r.doc.getText(), { code: String(arg.code ?? ''), span, data: arg.data });
    if (!fix) return { ok: false, reason: 'No exact fix for this diagnostic.' };
    const edit = session.caps.documentChanges ? toVersionedEdit(r.doc, [fix]) : toWorkspaceEdit(r.doc, [fix]);
    return { ok: true, applied: await applyEdit(session, `Replace with '${fix.newText}'`, edit) };
  },
};

export function registerCommands(session: Session): void {
  session.connection.onExecuteCommand((params, token) =>
    runSafe((m) => session.log(m), `command ${params.command}`, null as unknown, async () => {
      const handler = HANDLERS[params.command];
      const raw = params.arguments ?? [];
      return handler ? handler(session, (raw[0] ?? {}) as Args, raw) : null;
    }, token),
  );
}
