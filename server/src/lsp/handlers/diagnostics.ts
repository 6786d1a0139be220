// Diagnostics: pulled by the client, or pushed with a per-URI adaptive wait (PushPacing) and a stale-version guard;
// the status counts go with every validation; verifyTrace re-verifies on demand.
import { DocumentDiagnosticReportKind, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CHUNKED_FROM_CHARS, countSeverities, runWithPauses, statusCounts, toDiagnosticRecords, type Analysis } from '../../core/service';
import { toDiagnostics } from '../convert';
import { runSafe, yieldToEventLoop } from '../runSafe';
import { analysisFailedDiagnostic } from '../failedDiagnostic';
import { PushPacing } from '../pushPacing';
import { PieceDocument, textLength } from '../pieceDocument';
import type { Ctx, Session } from '../session';
import * as P from '../../protocol/requests';

export function statusOf(session: Session, doc: TextDocument, analysis: Analysis): P.StatusResult {
  return { uri: doc.uri, version: doc.version, keysLoaded: session.keys.isTrusted, ...statusCounts(analysis) };
}

function recordsOf(session: Session, r: Ctx, max: number) {
  return toDiagnosticRecords(r.analysis.findings, { overrides: session.overrides(r.s), maxNumberOfProblems: max });
}

export function registerDiagnostics(session: Session): void {
  const { connection, documents, cache } = session;
  const log = (m: string) => session.log(m);

  /** A large document's line index, built in steps before positions are asked of it. */
  async function lineIndexReady(doc: TextDocument): Promise<void> {
    if (doc instanceof PieceDocument) await runWithPauses(doc.lineIndexInSteps(), yieldToEventLoop);
  }

  function itemsOf(r: Ctx): Diagnostic[] {
    return toDiagnostics(r.doc, recordsOf(session, r, r.s.maxNumberOfProblems), session.caps.relatedInformation);
  }

  /** A complete analysis's diagnostics, with its status counts (a first screen's have none). */
  function diagnosticsOf(r: Ctx): Diagnostic[] {
    void connection.sendNotification(P.StatusNotification, statusOf(session, r.doc, r.analysis));
    return itemsOf(r);
  }

  /**
   * A large trace's first screen, when it has problems and comes before the complete analysis:
   * `complete` settles when the complete analysis is in.
   */
  async function firstScreenFirst(doc: TextDocument, complete: Promise<unknown>): Promise<Diagnostic[] | undefined> {
    // Only a trace parsed a chunk per step has a first screen.
    if (textLength(doc) <= CHUNKED_FROM_CHARS) return undefined;
    let done = false;
    complete.then(
      () => (done = true),
      () => (done = true),
    );
    // Placed by the line index's first pieces (PieceDocument reads on only as far as asked).
    const f = await session.firstScreen(doc);
    const items = f && !done && session.isCurrent(f) ? itemsOf(f) : undefined;
    return items && items.length > 0 ? items : undefined;
  }

  connection.languages.diagnostics.on(async (params, token) =>
    runSafe(log, 'diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] }, async () => {
      try {
        const uri = params.textDocument.uri;
        const complete = session.latest(uri);
        const doc = documents.get(uri);
        // A large trace answers with its first screen's problems first, then asks the client to
        // pull again when the complete analysis is in.
        const early = doc ? await Promise.race([firstScreenFirst(doc, complete), complete.then(() => undefined)]) : undefined;
        if (early && !token.isCancellationRequested) {
          void complete.then(() => connection.languages.diagnostics.refresh()).catch(() => undefined);
          return { kind: DocumentDiagnosticReportKind.Full, items: early };
        }
        const r = await complete;
        if (r) await lineIndexReady(r.doc);
        if (!r || token.isCancellationRequested || !session.isCurrent(r)) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
        return { kind: DocumentDiagnosticReportKind.Full, items: diagnosticsOf(r) };
      } catch (e) {
        // The adapter itself failed: the document must not show as clean.
        log(`diagnostics failed: ${(e as Error)?.stack ?? String(e)}`);
        return { kind: DocumentDiagnosticReportKind.Full, items: [analysisFailedDiagnostic(e)] };
      }
    }, token),
  );

  const pending = new Map<string, NodeJS.Timeout>();
  const pacing = new PushPacing();
  /** `opened`: the push after opening (its cost is the whole file's, not an edit's). */
  function schedulePush(doc: TextDocument, delayMs = pacing.delayFor(doc.uri), opened = false): void {
    if (session.caps.pullDiagnostics) return;
    const t = pending.get(doc.uri);
    if (t) clearTimeout(t);
    pending.set(doc.uri, setTimeout(() => {
      pending.delete(doc.uri);
      const started = performance.now();
      void runSafe(log, 'push diagnostics', undefined, async () => {
        // This version only: a newer version has its own push scheduled.
        let items: Diagnostic[] | undefined;
        const version = doc.version;
        let sentComplete = false;
        try {
          const complete = session.current(doc);
          // A large trace: its first screen's problems go out as soon as they are judged (never after the complete ones).
          void firstScreenFirst(doc, complete)
            .then((early) => (early && !sentComplete && doc.version === version ? connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: early }) : undefined))
            .catch(() => undefined);
          const r = await complete;
          if (r) await lineIndexReady(r.doc);
          items = r && session.isCurrent(r) ? diagnosticsOf(r) : undefined;
        } catch (e) {
          log(`diagnostics failed: ${(e as Error)?.stack ?? String(e)}`);
          items = [analysisFailedDiagnostic(e)];
        }
        if (!items) return;
        pacing.pushed(doc.uri, opened ? undefined : performance.now() - started);
        sentComplete = true;
        await connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: items });
        // The document's line index is built on first use: here, after the push and in steps,
        // rather than inside the first keystroke's didChange (tens of milliseconds for a 20 MB trace).
        void lineIndexReady(doc).catch(() => undefined);
      });
    }, delayMs));
  }

  session.revalidateAll = () => {
    cache.invalidateAll();
    if (session.caps.pullDiagnostics) void connection.languages.diagnostics.refresh().catch(() => undefined);
    else for (const d of documents.all()) schedulePush(d, 0);
  };

  documents.onDidOpen((e) => {
    cache.noteVersion(e.document.uri, e.document.version);
    schedulePush(e.document, 0, true);
  });
  documents.onDidChangeContent((e) => {
    cache.noteVersion(e.document.uri, e.document.version);
    schedulePush(e.document);
  });
  documents.onDidClose((e) => {
    cache.forget(e.document.uri);
    pacing.forget(e.document.uri);
    const t = pending.get(e.document.uri);
    if (t) clearTimeout(t);
    pending.delete(e.document.uri);
    if (!session.caps.pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onRequest(P.StatusRequest, (params: { uri: string }) =>
    runSafe(log, 'status', null as P.StatusResult | null, async () => {
      const r = await session.latest(params.uri);
      return r ? statusOf(session, r.doc, r.analysis) : null;
    }),
  );

  connection.onRequest(P.VerifyTraceRequest, (params: { uri: string }) => runSafe(log, 'verifyTrace', null, () => verifyTrace(session, params.uri)));
}

/** Re-verifies now (keys reloaded) and returns the counts; the problem totals are uncapped. */
export async function verifyTrace(session: Session, uri: string): Promise<P.VerifyTraceResult | null> {
  session.cache.invalidateAll();
  session.keys.invalidate();
  const r = await session.latest(uri);
  if (!r) return null;
  const store = await session.keysFor(r.s, r.doc);
  const all = recordsOf(session, r, -1);
  if (session.caps.pullDiagnostics) void session.connection.languages.diagnostics.refresh().catch(() => undefined);
  else await session.connection.sendDiagnostics({ uri: r.doc.uri, version: r.doc.version, diagnostics: toDiagnostics(r.doc, recordsOf(session, r, r.s.maxNumberOfProblems), session.caps.relatedInformation) });
  const counts = countSeverities(all);
  return {
    ...statusOf(session, r.doc, r.analysis),
    errors: counts.error,
    warnings: counts.warning,
    keyProblems: (store?.problems ?? []).map((p) => `${p.path}: ${p.reason}`),
  };
}
