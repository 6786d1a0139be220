// The one place the LSP adapter reaches core and node modules that other engineers are still
// landing. Each wrapper has the exact signature of the module it stands for; when the module
// exists, replace the body with a re-export (one line each) and nothing else changes.
import type { Dialect, KeyStore } from '../core/types';

export { analyzeDocument, kindFromFileName } from '../core/analyze';
export type { Analysis, AnalyzeOptions, DocumentKind } from '../core/analyze';

const NOT_YET = 'not available in this build yet';

/** server/src/core/seal/sealStanza.ts */
export function sealStanza(
  stanzaXml: string,
  options: { sign: boolean; encrypt: boolean; digest?: 'sha1' | 'sha256'; cipher?: 'aes128' | 'aes256'; keys: KeyStore; nowMs?: number },
): { ok: true; xml: string } | { ok: false; reason: string } {
  void stanzaXml;
  void options;
  return { ok: false, reason: `sealing is ${NOT_YET}` };
}

/** server/src/node/loadKeyStore.ts */
export async function loadKeyStore(
  keyPaths: string[],
  trustPaths: string[],
  passphraseFor: (path: string) => string | undefined,
): Promise<KeyStore> {
  void keyPaths;
  void trustPaths;
  void passphraseFor;
  return emptyKeyStore();
}

/** server/src/node/loadKeyStore.ts */
export function listKeyFiles(paths: string[]): string[] {
  void paths;
  return [];
}

export { unsealObject, describeObject, unsealFromAnalysis, describeFromAnalysis } from '../core/e2e/unseal';
export { generateIdentities } from '../core/keys/keygen';

/** server/src/core/trace/detectDialect.ts */
export function detectDialect(text: string): Dialect {
  // Until the detector lands: a stanza start tag anywhere in the sample is enough.
  return /<(message|presence|iq|stream:stream)[\s>/]/.test(text) ? 'raw-xml' : 'unknown';
}

export function emptyKeyStore(): KeyStore {
  return { entries: [], anchors: [], problems: [], forJid: () => [] };
}
