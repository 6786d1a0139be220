// Opens `.log` / `.txt` / `.xml` documents as XMPP traces when the server's dialect detector
// recognises their first few KB (setting xmppE2e.detectTraces).
import * as vscode from 'vscode';
import { DetectDialectRequest, type DetectDialectResult } from '../../server/src/protocol/requests';

const EXTENSIONS = /\.(log|txt|xml)$/i;
const SAMPLE = 16 * 1024;

export function shouldProbe(doc: vscode.TextDocument): boolean {
  return (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled') && EXTENSIONS.test(doc.uri.path) && doc.languageId !== 'xmpp-trace';
}

export async function detectTrace(doc: vscode.TextDocument, send: <R>(method: string, params: unknown) => Promise<R>): Promise<boolean> {
  if (!vscode.workspace.getConfiguration('xmppE2e', doc.uri).get<boolean>('detectTraces', true)) return false;
  if (!shouldProbe(doc)) return false;
  const r = await send<DetectDialectResult>(DetectDialectRequest, { text: doc.getText().slice(0, SAMPLE) });
  if (!r?.isTrace) return false;
  await vscode.languages.setTextDocumentLanguage(doc, 'xmpp-trace');
  return true;
}
