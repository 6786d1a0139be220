// Hover, code lenses, outline, folding, go to definition and code actions: each finds the newest
// analysis, calls one core service function and converts the result.
import type { CodeAction, CodeLens, Location } from 'vscode-languageserver';
import { actionsFor, documentSymbols, foldingSpans, hoverAt, lensTitle, pairedStanzaAt, type DiagnosticRef } from '../../core/service';
import { ACTION_KIND, toDocumentSymbols, toFoldingRanges, toRange, toSpan, toVersionedEdit } from '../convert';
import { runSafe } from '../runSafe';
import type { Session } from '../session';
import { commandFor } from './commandIds';
import { DIAGNOSTIC_SOURCE, ServerCommands } from '../../protocol/commands';

export function registerFeatures(session: Session): void {
  const { connection } = session;
  const log = (m: string) => session.log(m);

  connection.onHover((params, token) =>
    runSafe(log, 'hover', null, async () => {
      const r = await session.latestEarly(params.textDocument.uri);
      const h = r && hoverAt(r.analysis, r.doc.offsetAt(params.position), !session.keys.isTrusted);
      return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: toRange(r.doc, h.span) } : null;
    }, token),
  );

  connection.onCodeLens((params, token) =>
    runSafe(log, 'codeLens', [] as CodeLens[], async () => {
      const r = await session.latest(params.textDocument.uri);
      if (!r) return [];
      return r.analysis.objects.map((o) => {
        const start = toRange(r.doc, o.span).start;
        const command = commandFor({ op: 'openDecoded', objectIndex: o.index }, r.doc.uri, r.doc.version, session.caps.clientCommands);
        return { range: { start, end: start }, command: { ...command, title: lensTitle(o, r.analysis.findings, !session.keys.isTrusted) } };
      });
    }, token),
  );

  connection.onDocumentSymbol((params, token) =>
    runSafe(log, 'documentSymbol', [], async () => {
      const r = await session.latest(params.textDocument.uri);
      if (!r) return [];
      const { symbols, capped } = documentSymbols(r.analysis, r.s.symbols.maxItemsComputed);
      if (capped) log(`outline of ${params.textDocument.uri} capped at ${r.s.symbols.maxItemsComputed} symbols (xmppE2e.symbols.maxItemsComputed)`);
      return toDocumentSymbols(r.doc, symbols);
    }, token),
  );

  connection.onFoldingRanges((params, token) =>
    runSafe(log, 'foldingRange', [], async () => {
      const r = await session.latestEarly(params.textDocument.uri);
      return r ? toFoldingRanges(r.doc, foldingSpans(r.analysis), r.s.symbols.maxItemsComputed) : [];
    }, token),
  );

  connection.onDefinition((params, token) =>
    runSafe(log, 'definition', [] as Location[], async () => {
      const r = await session.latestEarly(params.textDocument.uri);
      const target = r && pairedStanzaAt(r.analysis, r.doc.offsetAt(params.position));
      return target ? [{ uri: r.doc.uri, range: toRange(r.doc, target) }] : [];
    }, token),
  );

  connection.onCodeAction((params, token) =>
    runSafe(log, 'codeAction', [] as CodeAction[], async () => {
      const r = await session.latest(params.textDocument.uri);
      if (!r) return [];
      const { doc } = r;
      const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string');
      const refs: DiagnosticRef[] = ours.map((d) => ({ code: String(d.code), span: toSpan(doc, d.range), data: d.data }));
      const only = params.context.only;
      const out: CodeAction[] = [];
      for (const a of actionsFor(doc.getText(), r.analysis, toSpan(doc, params.range), refs, session.keys.isTrusted)) {
        const kind = ACTION_KIND[a.kind];
        if (only?.length && !only.some((k) => kind === k || kind!.startsWith(`${k}.`))) continue;
        const action: CodeAction = { title: a.title, kind };
        if (a.diagnostic !== undefined) action.diagnostics = [ours[a.diagnostic]];
        if (a.isPreferred) action.isPreferred = true;
        if (a.disabledReason) action.disabled = { reason: a.disabledReason };
        if (a.edits) {
          // Bound to this version: a versioned edit where the client supports one, else a command the server re-checks.
          if (session.caps.documentChanges) action.edit = toVersionedEdit(doc, a.edits);
          else action.command = { title: a.title, command: ServerCommands.applyFix, arguments: [{ uri: doc.uri, version: doc.version, code: refs[a.diagnostic!].code, span: a.edits[0].span, data: refs[a.diagnostic!].data }] };
        }
        if (a.operation) action.command = commandFor(a.operation, doc.uri, doc.version, session.caps.clientCommands);
        out.push(action);
      }
      return out;
    }, token),
  );
}
