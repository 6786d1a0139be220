// Command ids. Client commands (palette, code lens clicks, code actions run by VS Code) and the
// server-executed ones (`workspace/executeCommand`) use disjoint ids, because vscode-languageclient
// registers every server command id on the client side too.

export const ClientCommands = {
  sealSign: 'xmppE2e.seal.sign',
  sealEncrypt: 'xmppE2e.seal.encrypt',
  sealSignEncrypt: 'xmppE2e.seal.signEncrypt',
  /** OX (XEP-0373/0374) <signcrypt/> with the workspace OpenPGP keys. */
  sealOx: 'xmppE2e.seal.ox',
  unseal: 'xmppE2e.unseal',
  unsealInPlace: 'xmppE2e.unsealInPlace',
  verifyTrace: 'xmppE2e.verifyTrace',
  openDecodedObject: 'xmppE2e.openDecodedObject',
  showCertificate: 'xmppE2e.showCertificate',
  generateIdentities: 'xmppE2e.generateIdentities',
  exportObject: 'xmppE2e.exportObject',
  wrapObject: 'xmppE2e.wrapObject',
  openAsTrace: 'xmppE2e.openAsTrace',
  restartServer: 'xmppE2e.restartServer',
  redactTrace: 'xmppE2e.redactTrace',
  copyOpensslCommand: 'xmppE2e.copyOpensslCommand',
  /** Internal: code action "silence this code" (writes xmppE2e.severity[code] = off). */
  silenceCode: 'xmppE2e.silenceCode',
  /** Internal: status bar click. */
  showProblems: 'xmppE2e.showProblems',
  /** Menus in Restricted Mode: a disabled "Seal" entry whose title gives the reason. */
  sealUnavailable: 'xmppE2e.seal.unavailable',
  /** Network captures (client/src/captureView.ts). */
  openCapture: 'xmppE2e.openCapture',
  revealPacket: 'xmppE2e.revealPacket',
  /** The trace explorer (client/src/explorer). */
  openTraceExplorer: 'xmppE2e.openTraceExplorer',
  exportReport: 'xmppE2e.exportReport',
} as const;

export const ServerCommands = {
  /** args: [{ uri, version?, stanzaIndexes, mode }] -> applies one WorkspaceEdit. */
  seal: 'xmppE2e.server.seal',
  /** args: [{ uri, objectIndex }] -> applies the in-place unseal edit. */
  unsealInPlace: 'xmppE2e.server.unsealInPlace',
  /** args: [{ uri }] -> re-validates; returns VerifyTraceResult. */
  verifyTrace: 'xmppE2e.server.verifyTrace',
  /** args: [{ uri, objectIndex }] -> the decoded view as a file, shown with window/showDocument; returns DecodedViewResult & { uri }. */
  openDecodedObject: 'xmppE2e.server.openDecodedObject',
  /** args: [{ uri, objectIndex }] -> the plaintext as a private temporary file, shown like the decoded view. */
  unseal: 'xmppE2e.server.unseal',
  /** args: [code] -> the code is off for this server session (editors without a settings API). */
  silenceCode: 'xmppE2e.server.silenceCode',
  /** args: [{ uri, version, span: {start, end}, code, data }] -> applies the fix; refused on another version. */
  applyFix: 'xmppE2e.server.applyFix',
} as const;

export const LANGUAGE_IDS = ['xmpp-trace', 'cpim', 'pidf'] as const;
export const DECODED_SCHEME = 'xmpp-e2e-decoded';
export const DIAGNOSTIC_SOURCE = 'xmpp-e2e';
