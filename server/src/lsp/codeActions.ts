// Code actions from diagnostic code and data only (never the message), plus seal actions on
// stanzas without <e2e/> and unseal / decoded-view actions on objects.
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from './coreBridge';
import { ClientCommands, DIAGNOSTIC_SOURCE, ServerCommands } from '../protocol/commands';
import type { SealMode } from '../protocol/requests';
import { toSpan } from './convert';
import { stanzaIndexesIn } from './locate';

const SEAL_TITLES: [SealMode, string][] = [
  ['sign', 'Seal: Sign'],
  ['encrypt', 'Seal: Encrypt'],
  ['signEncrypt', 'Seal: Sign and Encrypt'],
];

export interface CodeActionContextInfo {
  diagnostics: Diagnostic[];
  /** False in Restricted Mode: seal/unseal are shown disabled with the reason. */
  keysAvailable: boolean;
  only?: string[];
}

export function codeActions(doc: TextDocument, analysis: Analysis, range: { start: { line: number; character: number }; end: { line: number; character: number } }, ctx: CodeActionContextInfo): CodeAction[] {
  const out: CodeAction[] = [];
  const untrusted = ctx.keysAvailable ? undefined : { reason: 'Keys are not loaded in an untrusted workspace (Restricted Mode).' };
  const silenced = new Set<string>();
  for (const d of ctx.diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'string') continue;
    const data = (d.data ?? {}) as Record<string, unknown>;
    if (typeof data.replacement === 'string') {
      out.push({
        title: `Replace with '${data.replacement}'`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [doc.uri]: [{ range: d.range, newText: data.replacement }] } },
      });
    }
    if (!silenced.has(d.code)) {
      silenced.add(d.code);
      out.push({
        title: `Silence ${d.code} in settings`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        command: { title: `Silence ${d.code}`, command: ClientCommands.silenceCode, arguments: [d.code] },
      });
    }
  }
  const span = toSpan(doc, range);
  const stanzas = analysis.trace?.stanzas ?? [];
  const touched = stanzaIndexesIn(analysis, [span]);
  const plain = touched.filter((i) => stanzas[i].e2e.length === 0);
  if (plain.length > 0) {
    for (const [mode, title] of SEAL_TITLES) {
      const a: CodeAction = {
        title: plain.length > 1 ? `${title} (${plain.length} stanzas)` : title,
        kind: CodeActionKind.RefactorRewrite,
        command: { title, command: ServerCommands.seal, arguments: [{ uri: doc.uri, version: doc.version, stanzaIndexes: plain, mode }] },
      };
      if (untrusted) a.disabled = untrusted;
      out.push(a);
    }
  }
  for (const o of analysis.objects) {
    if (!touched.includes(o.stanzaIndex)) continue;
    const args = [{ uri: doc.uri, objectIndex: o.index }];
    out.push({ title: `Open Decoded Object ${o.index + 1}`, kind: CodeActionKind.Source, command: { title: 'Open Decoded Object', command: ClientCommands.openDecodedObject, arguments: [doc.uri, o.index] } });
    const unseal: CodeAction = { title: `Unseal Object ${o.index + 1} into a Side View`, kind: CodeActionKind.Source, command: { title: 'Unseal', command: ClientCommands.unseal, arguments: [doc.uri, o.index] } };
    const inPlace: CodeAction = { title: `Unseal Object ${o.index + 1} in Place`, kind: CodeActionKind.RefactorRewrite, command: { title: 'Unseal in Place', command: ServerCommands.unsealInPlace, arguments: args } };
    if (untrusted) {
      unseal.disabled = untrusted;
      inPlace.disabled = untrusted;
    }
    out.push(unseal, inPlace);
  }
  if (ctx.only && ctx.only.length) return out.filter((a) => a.kind && ctx.only!.some((k) => a.kind === k || a.kind!.startsWith(`${k}.`)));
  return out;
}

