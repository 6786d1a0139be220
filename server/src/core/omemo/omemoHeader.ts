// Reads an OMEMO `<encrypted/>` element (legacy eu.siacs.conversations.axolotl, XEP-0384 v0.3, and
// urn:xmpp:omemo:2): sender device, recipient devices with their key-exchange flag, IV, payload or
// key transport. Nothing is decrypted: the Signal/OMEMO session state lives in the clients.
import type { Span, XmlElement } from '../types';
import { attr, children, textOf } from './xmlBits';

export const OMEMO_LEGACY_NS = 'eu.siacs.conversations.axolotl';
export const OMEMO_2_NS = 'urn:xmpp:omemo:2';

export type OmemoVersion = 'legacy' | 'omemo:2';

export interface OmemoKey {
  rid: string;
  /** The recipient's bare JID: from `<keys jid>` in omemo:2; undefined in the legacy namespace. */
  jid?: string;
  /** A key exchange (`prekey='true'` legacy, `kex='true'` omemo:2): a new session is being built. */
  keyExchange: boolean;
  span: Span;
}

export interface OmemoHeader {
  version: OmemoVersion;
  element: XmlElement;
  header?: XmlElement;
  sid?: string;
  keys: OmemoKey[];
  /** The JIDs `<keys jid>` names (omemo:2), each with the span of its element. */
  keyGroups: { jid: string; span: Span }[];
  iv?: string;
  /** Base64 length of the payload; undefined for a key transport element. */
  payloadLength?: number;
  /** Why the header is malformed (no sid, no keys, no header). */
  problems: string[];
}

export function omemoVersion(el: XmlElement): OmemoVersion | undefined {
  if (el.local !== 'encrypted') return undefined;
  return el.ns === OMEMO_LEGACY_NS ? 'legacy' : el.ns === OMEMO_2_NS ? 'omemo:2' : undefined;
}

export function parseOmemoHeader(el: XmlElement, version: OmemoVersion): OmemoHeader {
  const header = children(el, 'header')[0];
  const out: OmemoHeader = { version, element: el, header, keys: [], keyGroups: [], problems: [] };
  const payload = children(el, 'payload')[0];
  if (payload) out.payloadLength = textOf(payload).length;
  if (!header) {
    out.problems.push('no <header/>');
    return out;
  }
  const sid = attr(header, 'sid')?.value.trim();
  if (sid) out.sid = sid;
  else out.problems.push("no sid (the sender's device id)");
  if (version === 'legacy') {
    for (const k of children(header, 'key')) out.keys.push(keyOf(k, undefined, 'prekey'));
    const iv = children(header, 'iv')[0];
    if (iv) out.iv = textOf(iv);
    else out.problems.push('no <iv/>');
  } else {
    for (const group of children(header, 'keys')) {
      const jid = attr(group, 'jid')?.value.trim();
      if (jid) out.keyGroups.push({ jid, span: group.nameSpan });
      else out.problems.push('a <keys/> without jid');
      for (const k of children(group, 'key')) out.keys.push(keyOf(k, jid, 'kex'));
    }
  }
  if (out.keys.some((k) => !k.rid)) out.problems.push('a <key/> without rid');
  if (out.keys.length === 0) out.problems.push('no <key/> for any device');
  return out;
}

function keyOf(k: XmlElement, jid: string | undefined, flag: 'prekey' | 'kex'): OmemoKey {
  const v = attr(k, flag)?.value.trim();
  return { rid: attr(k, 'rid')?.value.trim() ?? '', jid, keyExchange: v === 'true' || v === '1', span: k.nameSpan };
}
