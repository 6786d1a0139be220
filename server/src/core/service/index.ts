// The core service: text in, plain objects with offsets out (the vscode-json-languageservice
// shape). Everything an editor or the CLI shows about a document is computed here from its one
// analysis (one record per object): diagnostics, hovers, lens titles, outline, folding, pairing,
// code actions and fixes, decoded views and object operations. The LSP adapter and the CLI import
// the core through this module only.
export { analyzeDocument, analyzeDocumentAsync, kindFromFileName } from '../analyze';
export type { Analysis, AnalyzeOptions, DocumentKind, ObjectRecord } from '../analyze';
export type { Code, Finding, KeyStore, ObjectReport, Severity, Span } from '../types';
export { detectDialect } from '../trace/detectDialect';
export { generateIdentities } from '../keys/keygen';
export { RetainedCache, type DocumentView } from '../e2e/retainedCache';
export { CHUNKED_FROM_CHARS, IncrementalAnalyzer, type IncrementalStats } from '../incremental/incrementalAnalyzer';
export { changedWindow, composeWindows, windowFits, type ChangedWindow } from '../incremental/textDiff';
export { asTextSource, type TextSource } from '../textSource';
export { lastAtOrBefore } from '../sortedSearch';
export { forEachLineStart } from '../lineIndex';
export { runToEnd, runWithPauses } from '../runSteps';
export { mayHoldOpenPgp } from '../openPgpMarkers';

export { toDiagnosticRecords, capDiagnostics, countSeverities, type DiagnosticRecord, type DiagnosticOptions } from './diagnostics';
export { hoverAt, type HoverContent } from './hover';
export { lensTitle, objectHover, formatSkew } from './presentation';
export { documentSymbols, foldingSpans, stanzaLabel, type SymbolRecord, type SymbolKindName, type FoldRecord } from './symbols';
export { pairedIq, pairedStanzaAt } from './pairing';
export { isCode } from '../rules';
export { actionsFor, fixFor, type ActionRecord, type ActionKind, type Operation, type DiagnosticRef } from './actions';
export { recordAt, recordNear, stanzaIndexAt, stanzaIndexesIn } from './locate';
export { decodedView, describeObject, type DecodedView } from './decodedView';
export { unsealObject, unsealFromAnalysis, verdictLines, type UnsealResult } from './unseal';
export { certificateFor, certificateOf } from './certificates';
export { exportObject, wrapObject, E2E_NS } from './gateway';
export { sealEdits, type SealMode, type SealOutcome } from './sealEdits';
export { unseal, unsealInPlaceEdit, type UnsealOutcome } from './unsealInPlace';
export { statusCounts, type StatusCounts } from './statusCounts';
export { analyzeCaptureInSteps, type CaptureAnalysis } from '../capture/analyzeCapture';
export { opensslRepro } from '../inspect/opensslRepro';
export { buildRows } from '../explorer/rows';
export { buildReport } from '../explorer/report';
export * from '../explorer/explorerService';
export type { OffsetEdit } from './edits';
export type { SeverityOverride } from '../rules';
