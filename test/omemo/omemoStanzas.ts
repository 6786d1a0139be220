// OMEMO stanzas as Conversations/Dino (legacy axolotl) and XEP-0384 0.8 (omemo:2) clients write
// them: device-list PEP notifications and publishes, and <encrypted/> messages. Base64 values are
// random bytes of the sizes the clients use; nothing here is decrypted.
import { randomBytes } from 'node:crypto';

export const LEGACY = 'eu.siacs.conversations.axolotl';
export const V2 = 'urn:xmpp:omemo:2';
const b64 = (n: number) => randomBytes(n).toString('base64');

export function streamOf(...stanzas: string[]): string {
  return "<?xml version='1.0'?>\n<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='capulet.lit' version='1.0'>\n" + stanzas.join('\n') + '\n';
}

/** A PEP event notification of a device list (legacy or omemo:2). */
export function deviceListEvent(owner: string, devices: string[], v: 'legacy' | 'omemo:2', to = 'romeo@montague.lit/orchard'): string {
  const list =
    v === 'legacy'
      ? `<list xmlns='${LEGACY}'>${devices.map((d) => `<device id='${d}'/>`).join('')}</list>`
      : `<devices xmlns='${V2}'>${devices.map((d) => `<device id='${d}' label='Phone'/>`).join('')}</devices>`;
  const node = v === 'legacy' ? `${LEGACY}.devicelist` : `${V2}:devices`;
  return `<message from='${owner}' to='${to}' type='headline' id='ev-${owner.split('@')[0]}'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='${node}'><item id='current'>${list}</item></items></event></message>`;
}

export interface LegacyKey {
  rid: string;
  prekey?: boolean;
}

/** A legacy axolotl message; `payload: false` makes a key transport element. */
export function legacyMessage(o: { from: string; to: string; sid?: string; keys: LegacyKey[]; iv?: boolean; payload?: boolean; type?: string }): string {
  const sid = o.sid === undefined ? '' : ` sid='${o.sid}'`;
  const keys = o.keys.map((k) => `<key${k.prekey ? " prekey='true'" : ''} rid='${k.rid}'>${b64(k.prekey ? 220 : 60)}</key>`).join('');
  const iv = o.iv === false ? '' : `<iv>${b64(12)}</iv>`;
  const payload = o.payload === false ? '' : `<payload>${b64(40)}</payload>`;
  return `<message from='${o.from}' to='${o.to}' type='${o.type ?? 'chat'}' id='${b64(6)}'><encrypted xmlns='${LEGACY}'><header${sid}>${keys}${iv}</header>${payload}</encrypted><store xmlns='urn:xmpp:hints'/><body>I sent you an OMEMO encrypted message but your client doesn’t seem to support that.</body></message>`;
}

/** An omemo:2 message: keys grouped per bare JID. */
export function v2Message(o: { from: string; to: string; sid: string; keys: Record<string, { rid: string; kex?: boolean }[]>; payload?: boolean }): string {
  const groups = Object.entries(o.keys)
    .map(([jid, ks]) => `<keys jid='${jid}'>${ks.map((k) => `<key rid='${k.rid}'${k.kex ? " kex='true'" : ''}>${b64(k.kex ? 200 : 48)}</key>`).join('')}</keys>`)
    .join('');
  const payload = o.payload === false ? '' : `<payload>${b64(32)}</payload>`;
  return `<message from='${o.from}' to='${o.to}' type='chat' id='${b64(6)}'><encrypted xmlns='${V2}'><header sid='${o.sid}'>${groups}</header>${payload}</encrypted></message>`;
}
