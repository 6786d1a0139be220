// What opening an OX object (XEP-0373) gave, computed at the edge by an OpenPGP library before the
// analysis runs (the library is asynchronous; the core's analysis is synchronous and stepwise). The
// core reads it through an injected resolver keyed by the object's base64 text, so it stays pure and
// deterministic: the same text and the same resolver give the same verdicts.

export interface OxSignature {
  /** Issuer key id, hex. */
  keyId: string;
  /** `valid`, `invalid`, or `noKey` when no workspace public key has that id. */
  result: 'valid' | 'invalid' | 'noKey';
  /** The signer key's user IDs (e.g. `xmpp:juliet@capulet.lit`), when the key is known. */
  userIds: string[];
  fingerprint?: string;
  reason?: string;
  /** The signature's hash algorithm (e.g. `sha1`), when the edge reports it. */
  hash?: string;
}

export interface OxOpened {
  /** The message carries public-key encrypted session keys (a `<signcrypt/>` or `<crypt/>`). */
  encrypted: boolean;
  /** Hex key ids of the recipients. */
  recipients: string[];
  decrypt: 'ok' | 'noKey' | 'failed' | 'notEncrypted';
  /** UTF-8 plaintext (the `<signcrypt/>`/`<sign/>`/`<crypt/>` element); never set when decryption failed. */
  plaintext?: string;
  signatures: OxSignature[];
  /** Why the OpenPGP data could not be read or opened (no secret material). */
  error?: string;
  /** The data is well-formed but of a kind the library does not check (e.g. a version 3 signature). */
  unsupported?: true;
}

/** Looks up what the edge found for an OX object's base64 text; undefined: not opened. */
export type OxResolver = (base64: string) => OxOpened | undefined;
