// Custom LSP messages between the extension client and the server (method names `xmppE2e/...`).
// Plain method strings and JSON shapes only, so the client can import this without pulling in
// server code. Positions/ranges are LSP ones (line/character).

export interface LspPosition { line: number; character: number }
export interface LspRange { start: LspPosition; end: LspPosition }
export interface LspTextEdit { range: LspRange; newText: string }
/** The subset of WorkspaceEdit the server produces: edits per document URI. */
export interface LspWorkspaceEdit { changes: Record<string, LspTextEdit[]> }

export interface ObjectParams {
  uri: string;
  /** 0-based index of the `<e2e/>` object in the document; or give `position`. */
  objectIndex?: number;
  position?: LspPosition;
  /** When given, a request that edits is refused if the document has moved on. */
  version?: number;
}

/** xmppE2e/objectAt: which object is at (or nearest before) a position. */
export const ObjectAtRequest = 'xmppE2e/objectAt';
export interface ObjectAtResult { objectIndex: number; count: number }

/** xmppE2e/decodedView: the read-only decoded text of one object. */
export const DecodedViewRequest = 'xmppE2e/decodedView';
export interface DecodedViewResult { title: string; text: string }

/** xmppE2e/certificate: a signer's certificate (PEM and a readable summary). */
export const CertificateRequest = 'xmppE2e/certificate';
export interface CertificateParams extends ObjectParams { signerIndex?: number }
export type CertificateResult = { ok: true; pem: string; details: string } | { ok: false; reason: string };

/** xmppE2e/unseal: decrypt/verify an object; with `inPlace`, also an edit that replaces it. */
export const UnsealRequest = 'xmppE2e/unseal';
export interface UnsealParams extends ObjectParams { inPlace?: boolean }
export type UnsealResult =
  | { ok: true; plaintext: string; contentType?: string; edit?: LspWorkspaceEdit }
  | { ok: false; reason: string };

// Type-only: erased from the client bundle (the shapes are the core service's).
export type { SealMode } from '../core/service/sealEdits';
export type { StatusCounts } from '../core/service/statusCounts';
import type { SealMode } from '../core/service/sealEdits';
import type { StatusCounts } from '../core/service/statusCounts';

/** xmppE2e/seal: seal the stanzas at the given ranges (or the one at the position). */
export const SealRequest = 'xmppE2e/seal';
export interface SealParams {
  uri: string;
  mode: SealMode;
  /** Stanzas touched by any of these ranges are sealed (one edit). */
  ranges?: LspRange[];
  stanzaIndexes?: number[];
  /** When given, the request is refused if the document has moved on. */
  version?: number;
  /** Seal as OX (XEP-0373/0374) with the workspace OpenPGP keys instead of RFC 3923. */
  ox?: boolean;
}
export type SealResult = { ok: true; edit: LspWorkspaceEdit; sealed: number } | { ok: false; reason: string };


/** xmppE2e/status: counts for the status bar. */
export const StatusRequest = 'xmppE2e/status';
export interface StatusResult extends StatusCounts { uri: string; version?: number; keysLoaded: boolean }

/** Server -> client notification after each validation of a document. */
export const StatusNotification = 'xmppE2e/statusChanged';

/** xmppE2e/verifyTrace: re-verify a document now and return its counts plus problem totals. */
export const VerifyTraceRequest = 'xmppE2e/verifyTrace';
export interface VerifyTraceResult extends StatusResult { errors: number; warnings: number; keyProblems: string[] }

/** xmppE2e/exportObject: the RFC 3923 section 8 gateway unwrap of one object (a MIME entity). */
export const ExportObjectRequest = 'xmppE2e/exportObject';
export type ExportObjectResult = { ok: true; mime: string; suggestedName: string } | { ok: false; reason: string };

/** xmppE2e/wrapObject: the gateway wrap of a MIME entity into a stanza. */
export const WrapObjectRequest = 'xmppE2e/wrapObject';
export interface WrapObjectParams { mime: string; from?: string; to?: string; kind?: 'message' | 'presence' }
export type WrapObjectResult = { ok: true; xml: string } | { ok: false; reason: string };

/** xmppE2e/detectDialect: is this text (the first few KB of a file) an XMPP trace? */
export const DetectDialectRequest = 'xmppE2e/detectDialect';
export interface DetectDialectResult { dialect: string; isTrace: boolean }

/** xmppE2e/generateIdentities: the server writes test identities into a folder (secrets never cross the wire). */
export const GenerateIdentitiesRequest = 'xmppE2e/generateIdentities';
/** `folderPath`: inside a workspace folder (relative: to the first one); existing files are replaced only with `overwrite`. */
export interface GenerateIdentitiesParams { jids: string[]; folderPath: string; ca?: boolean; days?: number; overwrite?: boolean; /** OpenPGP keys for OX (xmpp:JID user IDs) instead of certificates. */ openpgp?: boolean }
export type GenerateIdentitiesResult = { ok: true; written: string[] } | { ok: false; reason: string };

/** Server -> client request: the passphrase for one key file (asked once, kept in SecretStorage). */
export const PassphraseRequest = 'xmppE2e/passphrase';
export interface PassphraseParams {
  path: string;
  /** One-time server public key: the answer is sealed to it (see sealedSecret.ts). */
  publicKey: string;
  /** The previous passphrase for this path did not open it: ask again rather than reuse it. */
  retry?: boolean;
}
export interface PassphraseResult { sealed?: import('./sealedSecret').SealedSecret }

/** Client -> server notification: Workspace Trust changed. Untrusted: no key is loaded. */
export const WorkspaceTrustNotification = 'xmppE2e/workspaceTrust';
export interface WorkspaceTrustParams { trusted: boolean }

/** What the client may pass in `initializationOptions`. */
export interface InitializationOptions {
  /** False in Restricted Mode: parse and show structure, never load keys. Default true. */
  trusted?: boolean;
  /** The client answers PassphraseRequest. */
  passphrases?: boolean;
  /** Settings for editors without `workspace/configuration`. */
  settings?: unknown;
  /**
   * The client implements ClientCommands (the VS Code extension: virtual documents, settings
   * edits). Otherwise lenses and code actions carry ServerCommands, which work in any LSP client.
   */
  clientCommands?: boolean;
}

/** "Copy as openssl Command": the files to write into `dir` (all public) and the command line. */
export const OpensslCommandRequest = 'xmppE2e/opensslCommand';
export interface OpensslCommandParams extends ObjectParams { dir: string }
export type OpensslCommandResult =
  | { ok: true; files: { path: string; content: string }[]; command: string; expected: 'success' | 'failure'; explanation: string[] }
  | { ok: false; reason: string };
