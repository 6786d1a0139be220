// Verification and decryption are the expensive steps, so their results are kept per process,
// keyed by a hash of the bytes they ran on (and the key store they used): an unchanged object is
// verified once however often the document is edited around it.
import { createHash } from 'node:crypto';
import { parseContentInfo, type CmsParse } from '../cms/parseCms';
import { verifySignedData, type SignerResult } from '../cms/verifySignedData';
import { decryptEnvelopedData } from '../cms/decryptEnvelopedData';
import type { EnvelopedData, SignedData } from '../cms/cmsTypes';
import type { CertInfo, KeyEntry, KeyStore } from '../types';

/** A Map (capped here, oldest first), or a store that bounds itself (the language server's RetainedCache view). */
export interface CryptoCache {
  has(key: string): boolean;
  get(key: string): unknown;
  set(key: string, value: unknown): unknown;
  readonly size: number;
}

const MAX_ENTRIES = 20_000;

/**
 * The most recently used `max` entries, for one pass over a file (the CLI): a replayed or echoed
 * object nearby is still judged once, while the parsed and verified structures of the objects
 * already reported become garbage instead of outliving the pass (each survivor is copied by every
 * young-generation collection until promoted, and the old generation grows by all of them).
 */
export class RecentCache implements CryptoCache {
  /**
   * About 64 objects' entries (an object makes up to four: parse, decrypt, inner parse, verify):
   * a carbon, an echo or a retransmission follows its original closely. At 1,024 (~250 objects)
   * the entries were 4.5 MB of the streamed 22.4 MB trace's 20 MB live heap at its end, and the
   * CLI's peak RSS 13 MB higher (the old generation's limit grows with what is live).
   */
  static readonly ONE_PASS = 256;

  private readonly entries = new Map<string, unknown>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): unknown {
    const value = this.entries.get(key);
    if (value !== undefined || this.entries.has(key)) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: unknown): this {
    this.entries.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, value);
    return this;
  }
}
const storeIds = new WeakMap<KeyStore, number>();
let nextStoreId = 1;

function storeId(keys: KeyStore | undefined): number {
  if (!keys) return 0;
  let id = storeIds.get(keys);
  if (id === undefined) {
    id = nextStoreId++;
    storeIds.set(keys, id);
  }
  return id;
}

function digest(...parts: (Uint8Array | string)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(typeof p === 'string' ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength));
    h.update('\0');
  }
  return h.digest('base64');
}

function remember<T>(cache: CryptoCache | undefined, key: string, compute: () => T): T {
  if (!cache) return compute();
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute();
  if (cache instanceof Map && cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

export function cachedParse(bytes: Uint8Array, cache: CryptoCache | undefined): CmsParse {
  return remember(cache, `p:${digest(bytes)}`, () => parseContentInfo(bytes));
}

/** Certificates from the workspace a verifier may use for signers that embed none. */
function workspaceCertificates(keys: KeyStore | undefined): CertInfo[] {
  if (!keys) return [];
  return [...keys.entries.map((e) => e.cert), ...keys.anchors];
}

export function cachedVerify(
  sd: SignedData,
  sdBytes: Uint8Array,
  content: Uint8Array | undefined,
  keys: KeyStore | undefined,
  cache: CryptoCache | undefined,
): SignerResult[] {
  const key = `v:${storeId(keys)}:${digest(sdBytes, content ?? '')}`;
  return remember(cache, key, () => verifySignedData(sd, { content, workspaceCerts: workspaceCertificates(keys) }));
}

export function cachedDecrypt(
  ed: EnvelopedData,
  edBytes: Uint8Array,
  entries: KeyEntry[],
  keys: KeyStore | undefined,
  cache: CryptoCache | undefined,
): ReturnType<typeof decryptEnvelopedData> {
  const key = `d:${storeId(keys)}:${digest(edBytes)}`;
  return remember(cache, key, () => decryptEnvelopedData(ed, entries));
}
