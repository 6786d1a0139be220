// Command ids. Client commands (palette, code lens clicks, code actions run by VS Code) and the
// server-executed ones (`workspace/executeCommand`) use disjoint ids, because vscode-languageclient
// registers every server command id on the client side too.

export const ClientCommands = {
  sealSign: 'xmppE2e.seal.sign',
  sealEncrypt: 'xmppE2e.seal.encrypt',
  sealSignEncrypt: 'xmppE2e.seal.signEncrypt',
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
  /** Internal: code action "silence this code" (writes xmppE2e.severity[code] = off). */
  silenceCode: 'xmppE2e.silenceCode',
  /** Internal: status bar click. */
  showProblems: 'xmppE2e.showProblems',
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
} as const;

export const LANGUAGE_IDS = ['xmpp-trace', 'cpim', 'pidf'] as const;
export const DECODED_SCHEME = 'xmpp-e2e-decoded';
export const DIAGNOSTIC_SOURCE = 'xmpp-e2e';
