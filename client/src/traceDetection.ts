// Decides, on the client and without the server, whether a `.log` / `.txt` / `.xml` document is an
// XMPP trace: the core's dialect detector (pure, a few regular expressions) over its first 16 KB.
// Only then is it switched to `xmpp-trace`, which is what starts the language server.
import * as vscode from 'vscode';
import { detectDialect } from '../../server/src/core/trace/detectDialect';
import { LANGUAGE_IDS } from '../../server/src/protocol/commands';

const EXTENSIONS = /\.(log|txt|xml)$/i;
const SAMPLE = 16 * 1024;

export function isTraceLanguage(doc: vscode.TextDocument): boolean {
  return (LANGUAGE_IDS as readonly string[]).includes(doc.languageId);
}

export function shouldProbe(doc: vscode.TextDocument): boolean {
  return (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled') && EXTENSIONS.test(doc.uri.path) && !isTraceLanguage(doc);
}

/** True when the sample looks like a capture; a plain XML file (`raw-xml`) must also hold a stanza. */
export function looksLikeTrace(sample: string): boolean {
  const dialect = detectDialect(sample);
  if (dialect === 'unknown') return false;
  if (dialect !== 'raw-xml') return true;
  return /<(?:stream:stream|message|presence|iq)\b/.test(sample) && /jabber:client|jabber:server|http:\/\/etherx\.jabber\.org\/streams|urn:ietf:params:xml:ns:xmpp-e2e|<(?:message|presence|iq)\b[^>]*\b(?:to|from)=/.test(sample);
}

/** Switches `doc` to xmpp-trace when it looks like one (setting xmppE2e.detectTraces). */
export async function detectTrace(doc: vscode.TextDocument): Promise<boolean> {
  if (!shouldProbe(doc)) return false;
  if (!vscode.workspace.getConfiguration('xmppE2e', doc.uri).get<boolean>('detectTraces', true)) return false;
  if (!looksLikeTrace(doc.getText().slice(0, SAMPLE))) return false;
  await vscode.languages.setTextDocumentLanguage(doc, 'xmpp-trace');
  return true;
}
