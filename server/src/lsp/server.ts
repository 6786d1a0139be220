// Capabilities and wiring: every handler finds the document, gets the cached analysis for its
// version, calls one function and converts offsets at the edge.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeLens,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type Location,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from './coreBridge';
import { detectDialect, generateIdentities } from './coreBridge';
import { AnalysisCache } from './analysisCache';
import { KeyStoreManager } from './keyStoreManager';
import { SettingsStore } from './settingsStore';
import { runSafe, yieldToEventLoop } from './runSafe';
import { toDiagnostics, toRange, toSpan } from './convert';
import { hoverAt } from './hover';
import { lensTitle } from './objectPresentation';
import { documentSymbols, foldingRanges } from './outline';
import { pairedIq } from './iqPairing';
import { codeActions } from './codeActions';
import { stanzaIndexAt, stanzaIndexesIn, objectNear } from './locate';
import { certificateFor, decodedViewText, exportObject, sealEdits, statusCounts, unseal, unsealInPlaceEdit, wrapObject, type OffsetEdit } from './objectOps';
import { writeIdentities } from './identityFiles';
import { URI } from './uri';
import { ClientCommands, ServerCommands } from '../protocol/commands';
import type { XmppE2eSettings } from '../protocol/settings';
import * as P from '../protocol/requests';
import { createSecretReceiver } from '../protocol/sealedSecret';
import { registerExplorerHandlers } from './explorerHandlers';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new AnalysisCache();
  const log = (m: string) => connection.console.log(m);
  let folders: string[] = [];
  let pullDiagnostics = false;
  let pullConfiguration = false;
  let relatedInformation = true;
  let dynamicWatch = false;
  let dynamicConfig = false;
  let folderEvents = false;
  let passphrases = false;
  let initialSettings: unknown;

  const keys = new KeyStoreManager(
    () => folders,
    async (path, retry) => {
      if (!passphrases) return undefined;
      const receiver = createSecretReceiver();
      const params: P.PassphraseParams = { path, publicKey: receiver.publicKey, retry };
      const r = await connection.sendRequest<P.PassphraseResult>(P.PassphraseRequest, params);
      return receiver.open(r?.sealed);
    },
    log,
  );
  const settings = new SettingsStore(connection, () => pullConfiguration, undefined);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    pullConfiguration = !!caps.workspace?.configuration;
    relatedInformation = caps.textDocument?.publishDiagnostics?.relatedInformation !== false;
    dynamicWatch = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    dynamicConfig = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    folderEvents = !!caps.workspace?.workspaceFolders;
    const init = (params.initializationOptions ?? {}) as P.InitializationOptions;
    passphrases = init.passphrases === true;
    initialSettings = init.settings;
    if (initialSettings !== undefined) settings.setFallback(initialSettings);
    if (init.trusted === false) keys.setTrusted(false);
    folders = (params.workspaceFolders ?? []).map((f) => URI.toPath(f.uri)).filter((p): p is string => !!p);
    if (folders.length === 0) {
      const root = params.rootUri ? URI.toPath(params.rootUri) : params.rootPath ?? undefined;
      if (root) folders = [root];
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
        diagnosticProvider: pullDiagnostics ? { interFileDependencies: false, workspaceDiagnostics: false, identifier: 'xmpp-e2e' } : undefined,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'xmpp-e2e-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (dynamicConfig) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'xmppE2e' });
    if (dynamicWatch) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{pem,crt,cer,der,key,p12,pfx,p7b,p7c}' }, { globPattern: '**/.xmpp-e2e/**' }],
      });
    }
    if (folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => URI.toPath(f.uri)));
        folders = [...folders.filter((f) => !removed.has(f)), ...e.added.map((f) => URI.toPath(f.uri)).filter((p): p is string => !!p)];
        revalidateAll();
      });
    }
  });

  // ------------------------------------------------------------------ analysis

  async function contextFor(doc: TextDocument): Promise<{ s: XmppE2eSettings; analysis: Analysis } | undefined> {
    const s = await settings.get(doc.uri);
    const store = await keys.get(s, URI.toPath(doc.uri));
    await yieldToEventLoop();
    const current = documents.get(doc.uri);
    if (!current || current.version !== doc.version) return undefined; // a newer version won
    const analysis = await cache.get(doc, s, store, doc.languageId);
    return analysis && { s, analysis };
  }

  /** The analysis of the document's newest version (a request made for an older one gets the newer answer). */
  async function analysisOf(uri: string): Promise<{ doc: TextDocument; s: XmppE2eSettings; analysis: Analysis } | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const doc = documents.get(uri);
      if (!doc) return undefined;
      const r = await contextFor(doc);
      if (r) return { doc, ...r };
    }
    return undefined;
  }

  function diagnosticsOf(doc: TextDocument, r: { s: XmppE2eSettings; analysis: Analysis }) {
    const items = toDiagnostics(doc, r.analysis.findings, {
      overrides: r.s.severity,
      maxNumberOfProblems: r.s.maxNumberOfProblems,
      relatedInformation,
    });
    void connection.sendNotification(P.StatusNotification, statusOf(doc, r.analysis));
    return items;
  }

  /** Push path: this version only; a newer version has its own push scheduled. */
  async function diagnosticsFor(doc: TextDocument) {
    const r = await contextFor(doc);
    return r && diagnosticsOf(doc, r);
  }

  function statusOf(doc: TextDocument, analysis: Analysis): P.StatusResult {
    return { uri: doc.uri, version: doc.version, keysLoaded: keys.isTrusted, ...statusCounts(analysis) };
  }

  // Pull: the client asks; push fallback: a per-URI debounce and a stale-version guard.
  connection.languages.diagnostics.on(async (params, token) =>
    runSafe(log, 'diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] }, async () => {
      const r = await analysisOf(params.textDocument.uri);
      if (!r || token.isCancellationRequested) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      return { kind: DocumentDiagnosticReportKind.Full, items: diagnosticsOf(r.doc, r) };
    }, token),
  );

  const pending = new Map<string, NodeJS.Timeout>();
  function schedulePush(doc: TextDocument, delayMs = 200): void {
    if (pullDiagnostics) return;
    const t = pending.get(doc.uri);
    if (t) clearTimeout(t);
    pending.set(doc.uri, setTimeout(() => {
      pending.delete(doc.uri);
      void runSafe(log, 'push diagnostics', undefined, async () => {
        const items = await diagnosticsFor(doc);
        if (items) await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: items });
      });
    }, delayMs));
  }

  function revalidateAll(): void {
    cache.invalidateAll();
    if (pullDiagnostics) void connection.languages.diagnostics.refresh().catch(() => undefined);
    else for (const d of documents.all()) schedulePush(d, 0);
  }

  documents.onDidOpen((e) => {
    cache.noteVersion(e.document.uri, e.document.version);
    schedulePush(e.document, 0);
  });
  documents.onDidChangeContent((e) => {
    cache.noteVersion(e.document.uri, e.document.version);
    schedulePush(e.document);
  });
  documents.onDidClose((e) => {
    cache.forget(e.document.uri);
    const t = pending.get(e.document.uri);
    if (t) clearTimeout(t);
    pending.delete(e.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration((change) => {
    const raw = (change.settings as Record<string, unknown> | undefined)?.xmppE2e;
    if (!pullConfiguration && raw !== undefined) settings.setFallback(raw);
    settings.clear();
    keys.invalidate();
    revalidateAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const c of params.changes) keys.fileChanged(URI.toPath(c.uri));
    revalidateAll();
  });

  connection.onNotification(P.WorkspaceTrustNotification, (p: P.WorkspaceTrustParams) => {
    keys.setTrusted(!!p?.trusted);
    settings.clear(); // restricted settings (key and trust paths) now read their real values
    revalidateAll();
  });

  // ------------------------------------------------------------------ features

  connection.onHover((params, token) =>
    runSafe(log, 'hover', null, async () => {
      const r = await analysisOf(params.textDocument.uri);
      if (!r) return null;
      const h = hoverAt(r.doc.getText(), r.analysis, r.doc.offsetAt(params.position));
      return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: toRange(r.doc, { start: h.start, end: h.end }) } : null;
    }, token),
  );

  connection.onCodeLens((params, token) =>
    runSafe(log, 'codeLens', [] as CodeLens[], async () => {
      const r = await analysisOf(params.textDocument.uri);
      if (!r) return [];
      return r.analysis.objects.map((o) => {
        const start = toRange(r.doc, o.span).start;
        return {
          range: { start, end: start },
          command: { title: lensTitle(o, r.analysis.findings), command: ClientCommands.openDecodedObject, arguments: [r.doc.uri, o.index] },
        };
      });
    }, token),
  );

  connection.onDocumentSymbol((params, token) =>
    runSafe(log, 'documentSymbol', [], async () => {
      const r = await analysisOf(params.textDocument.uri);
      if (!r) return [];
      const { symbols, capped } = documentSymbols(r.doc, r.analysis, r.s.symbols.maxItemsComputed);
      if (capped) log(`outline of ${params.textDocument.uri} capped at ${r.s.symbols.maxItemsComputed} symbols (xmppE2e.symbols.maxItemsComputed)`);
      return symbols;
    }, token),
  );

  connection.onFoldingRanges((params, token) =>
    runSafe(log, 'foldingRange', [], async () => {
      const r = await analysisOf(params.textDocument.uri);
      return r ? foldingRanges(r.doc, r.analysis, r.s.symbols.maxItemsComputed) : [];
    }, token),
  );

  connection.onDefinition((params, token) =>
    runSafe(log, 'definition', [] as Location[], async () => {
      const r = await analysisOf(params.textDocument.uri);
      if (!r) return [];
      const stanzas = r.analysis.trace?.stanzas ?? [];
      const i = stanzaIndexAt(r.analysis, r.doc.offsetAt(params.position));
      const j = i < 0 ? -1 : pairedIq(stanzas, i);
      if (j < 0) return [];
      const target = stanzas[j].id?.valueSpan ?? stanzas[j].element.nameSpan;
      return [{ uri: r.doc.uri, range: toRange(r.doc, target) }];
    }, token),
  );

  connection.onCodeAction((params, token) =>
    runSafe(log, 'codeAction', [], async () => {
      const r = await analysisOf(params.textDocument.uri);
      if (!r) return [];
      return codeActions(r.doc, r.analysis, params.range, { diagnostics: params.context.diagnostics, keysAvailable: keys.isTrusted, only: params.context.only });
    }, token),
  );

  // ------------------------------------------------------------------ objects, seal, unseal

  function toWorkspaceEdit(doc: TextDocument, edits: OffsetEdit[]): P.LspWorkspaceEdit {
    return { changes: { [doc.uri]: edits.map((e) => ({ range: toRange(doc, e.span), newText: e.newText })) } };
  }

  async function objectFor(params: P.ObjectParams) {
    const r = await analysisOf(params.uri);
    if (!r) return undefined;
    const obj = params.objectIndex !== undefined
      ? r.analysis.objects[params.objectIndex]
      : params.position ? objectNear(r.analysis, r.doc.offsetAt(params.position)) : r.analysis.objects[0];
    if (!obj) return undefined;
    const store = await keys.get(r.s, URI.toPath(r.doc.uri));
    return { ...r, obj, options: cache.options(r.doc, r.s, store, r.doc.languageId), store };
  }

  const noObject = { ok: false as const, reason: 'There is no <e2e/> object here (or the document is not open).' };

  connection.onRequest(P.ObjectAtRequest, (params: P.ObjectParams) =>
    runSafe(log, 'objectAt', null as P.ObjectAtResult | null, async () => {
      const r = await objectFor(params);
      return r ? { objectIndex: r.obj.index, count: r.analysis.objects.length } : null;
    }),
  );

  connection.onRequest(P.DecodedViewRequest, (params: P.ObjectParams) =>
    runSafe(log, 'decodedView', null as P.DecodedViewResult | null, async () => {
      const r = await objectFor(params);
      if (!r) return null;
      return { title: `${URI.baseName(r.doc.uri)} — object ${r.obj.index + 1}`, text: decodedViewText(r.analysis, r.obj) };
    }),
  );

  connection.onRequest(P.CertificateRequest, (params: P.CertificateParams) =>
    runSafe(log, 'certificate', noObject as P.CertificateResult, async (): Promise<P.CertificateResult> => {
      const r = await objectFor(params);
      if (!r) return noObject;
      const signerIndex = params.signerIndex ?? 0;
      if (!r.obj.signers[signerIndex]) return { ok: false, reason: r.obj.status === 'encrypted' ? 'The object is encrypted and no workspace key opens it: its signer is not visible.' : 'The object has no signer.' };
      const c = certificateFor(r.analysis, r.obj, signerIndex, r.store);
      return c ? { ok: true, ...c } : { ok: false, reason: 'The signer certificate is neither embedded in the object nor in the workspace key store.' };
    }),
  );

  async function doUnseal(params: P.UnsealParams): Promise<P.UnsealResult> {
    const r = await objectFor(params);
    if (!r) return noObject;
    if (!keys.isTrusted) return { ok: false, reason: 'Unseal is unavailable in Restricted Mode: keys are not loaded in an untrusted workspace.' };
    const u = unseal(r.analysis, r.obj, r.options);
    if (!u.ok) return { ok: false, reason: `${u.reason} (keys are looked for in: ${keys.describeSearch(r.s, URI.toPath(r.doc.uri))})` };
    if (!params.inPlace) return { ok: true, plaintext: u.plaintext, contentType: u.contentType };
    const e = unsealInPlaceEdit(r.doc.getText(), r.analysis, r.obj, u.plaintext, u.contentType);
    if (!e) return { ok: false, reason: 'The object cannot be replaced in place (its <e2e/> element is not closed).' };
    return { ok: true, plaintext: u.plaintext, contentType: u.contentType, edit: toWorkspaceEdit(r.doc, [e]) };
  }

  connection.onRequest(P.UnsealRequest, (params: P.UnsealParams) => runSafe(log, 'unseal', noObject as P.UnsealResult, () => doUnseal(params)));

  async function doSeal(params: P.SealParams): Promise<P.SealResult> {
    const r = await analysisOf(params.uri);
    if (!r) return { ok: false, reason: 'The document is not open.' };
    if (params.version !== undefined && params.version !== r.doc.version) return { ok: false, reason: 'The document changed since the action was offered; try again.' };
    if (!keys.isTrusted) return { ok: false, reason: 'Seal is unavailable in Restricted Mode: keys are not loaded in an untrusted workspace.' };
    const indexes = params.stanzaIndexes ?? stanzaIndexesIn(r.analysis, (params.ranges ?? []).map((rg) => toSpan(r.doc, rg)));
    const docPath = URI.toPath(r.doc.uri);
    const store = await keys.get(r.s, docPath);
    const now = r.s.now ? Date.parse(r.s.now) : NaN;
    const out = sealEdits(r.doc.getText(), r.analysis, indexes, params.mode, store, keys.describeSearch(r.s, docPath), Number.isFinite(now) ? now : undefined);
    return out.ok ? { ok: true, edit: toWorkspaceEdit(r.doc, out.edits), sealed: out.edits.length } : out;
  }

  connection.onRequest(P.SealRequest, (params: P.SealParams) => runSafe(log, 'seal', { ok: false, reason: 'internal error' } as P.SealResult, () => doSeal(params)));

  connection.onRequest(P.StatusRequest, (params: { uri: string }) =>
    runSafe(log, 'status', null as P.StatusResult | null, async () => {
      const r = await analysisOf(params.uri);
      return r ? statusOf(r.doc, r.analysis) : null;
    }),
  );

  async function verifyTrace(uri: string): Promise<P.VerifyTraceResult | null> {
    cache.invalidateAll();
    keys.invalidate();
    const r = await analysisOf(uri);
    if (!r) return null;
    const store = await keys.get(r.s, URI.toPath(r.doc.uri));
    const diags = toDiagnostics(r.doc, r.analysis.findings, { overrides: r.s.severity, maxNumberOfProblems: -1 });
    if (pullDiagnostics) void connection.languages.diagnostics.refresh().catch(() => undefined);
    else await connection.sendDiagnostics({ uri: r.doc.uri, version: r.doc.version, diagnostics: diags.slice(0, Math.max(0, r.s.maxNumberOfProblems)) });
    return {
      ...statusOf(r.doc, r.analysis),
      errors: diags.filter((d) => d.severity === 1).length,
      warnings: diags.filter((d) => d.severity === 2).length,
      keyProblems: (store?.problems ?? []).map((p) => `${p.path}: ${p.reason}`),
    };
  }

  connection.onRequest(P.VerifyTraceRequest, (params: { uri: string }) => runSafe(log, 'verifyTrace', null, () => verifyTrace(params.uri)));

  connection.onRequest(P.ExportObjectRequest, (params: P.ObjectParams) =>
    runSafe(log, 'exportObject', noObject as P.ExportObjectResult, async (): Promise<P.ExportObjectResult> => {
      const r = await objectFor(params);
      const e = r && exportObject(r.analysis, r.obj);
      return e ? { ok: true, ...e } : noObject;
    }),
  );

  connection.onRequest(P.WrapObjectRequest, (params: P.WrapObjectParams) =>
    runSafe(log, 'wrapObject', { ok: false, reason: 'internal error' } as P.WrapObjectResult, (): P.WrapObjectResult => {
      if (!params?.mime?.trim()) return { ok: false, reason: 'No MIME entity to wrap.' };
      if (!/^[\w-]+:/m.test(params.mime.split(/\r?\n\r?\n/)[0] ?? '')) return { ok: false, reason: 'The text does not start with MIME headers (Content-Type: ...).' };
      return { ok: true, xml: wrapObject(params.mime, params.from, params.to, params.kind) };
    }),
  );

  connection.onRequest(P.DetectDialectRequest, (params: { text: string }) =>
    runSafe(log, 'detectDialect', { dialect: 'unknown', isTrace: false } as P.DetectDialectResult, () => {
      const dialect = detectDialect(String(params?.text ?? '').slice(0, 64 * 1024));
      return { dialect, isTrace: dialect !== 'unknown' };
    }),
  );

  connection.onRequest(P.GenerateIdentitiesRequest, (params: P.GenerateIdentitiesParams) =>
    runSafe(log, 'generateIdentities', { ok: false, reason: 'internal error' } as P.GenerateIdentitiesResult, async (): Promise<P.GenerateIdentitiesResult> => {
      if (!keys.isTrusted) return { ok: false, reason: 'Generating identities is unavailable in Restricted Mode.' };
      try {
        const files = generateIdentities({ jids: params.jids, ca: params.ca ?? true, days: params.days });
        const written = await writeIdentities(params.folderPath, files);
        keys.invalidate();
        revalidateAll();
        return { ok: true, written };
      } catch (e) {
        return { ok: false, reason: (e as Error).message };
      }
    }),
  );

  connection.onExecuteCommand((params, token) =>
    runSafe(log, `command ${params.command}`, null as unknown, async () => {
      const arg = (params.arguments?.[0] ?? {}) as Record<string, unknown>;
      if (params.command === ServerCommands.seal) {
        const res = await doSeal(arg as unknown as P.SealParams);
        if (!res.ok) {
          void connection.window.showWarningMessage(res.reason);
          return res;
        }
        const applied = await connection.workspace.applyEdit({ label: `Seal (${String(arg.mode)})`, edit: res.edit });
        return { ...res, applied: applied.applied };
      }
      if (params.command === ServerCommands.unsealInPlace) {
        const res = await doUnseal({ ...(arg as unknown as P.UnsealParams), inPlace: true });
        if (!res.ok || !res.edit) {
          void connection.window.showWarningMessage(res.ok ? 'Nothing to replace.' : res.reason);
          return res.ok ? { ok: false, reason: 'Nothing to replace.' } : res;
        }
        const applied = await connection.workspace.applyEdit({ label: 'Unseal in place', edit: res.edit });
        return { ok: true, applied: applied.applied, contentType: res.contentType };
      }
      if (params.command === ServerCommands.verifyTrace) return verifyTrace(String(arg.uri ?? ''));
      return null;
    }, token),
  );

  registerExplorerHandlers(connection, analysisOf, log);

  documents.listen(connection);
}
