// A workspace folder as a user of the editor has it for OpenSSL-made test objects: romeo's key
// and certificate in .xmpp-e2e/, the test CA in .xmpp-e2e/trust/.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Peer } from '../e2e/opensslStanzas';

export function peerWorkspace(peer: Peer, name: string): string {
  const ws = join(peer.ws.dir, name);
  mkdirSync(join(ws, '.xmpp-e2e', 'trust'), { recursive: true });
  copyFileSync(peer.romeo.keyPath, join(ws, '.xmpp-e2e', 'romeo.key'));
  copyFileSync(peer.romeo.certPath, join(ws, '.xmpp-e2e', 'romeo.pem'));
  copyFileSync(peer.ca.certPath, join(ws, '.xmpp-e2e', 'trust', 'ca.pem'));
  return ws;
}
