// The core and node modules the LSP adapter uses, re-exported from one place so the adapter's
// dependency surface is visible at a glance.
export { analyzeDocument, analyzeDocumentAsync, kindFromFileName } from '../core/analyze';
export type { Analysis, AnalyzeOptions, DocumentKind } from '../core/analyze';
export { sealStanza, sealMultiple } from '../core/seal/sealStanza';
export { loadKeyStore, listKeyFiles } from '../node/loadKeyStore';
export { unsealObject, describeObject, unsealFromAnalysis, describeFromAnalysis } from '../core/e2e/unseal';
export { detectDialect } from '../core/trace/detectDialect';
export { generateIdentities } from '../core/keys/keygen';
export { inspectSections } from '../core/inspect/inspectSections';
export { opensslRepro } from '../core/inspect/opensslRepro';
