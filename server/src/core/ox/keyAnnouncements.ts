// The OX key announcements of a trace (XEP-0373 §4): the `urn:xmpp:openpgp:0:public-keys` metadata
// node (`<public-keys-list><pubkey-metadata v4-fingerprint/></public-keys-list>`) against the data
// nodes `…:public-keys:FINGERPRINT` (`<pubkey><data>`), in publish requests, results and event
// notifications. A data node whose key is not the one its name says is never used as a key source
// (ox.key.nodeMismatch); a key its owner's metadata list does not announce is one peers will not
// fetch (ox.key.notAnnounced).
import { bareJid } from '../jid/jid';
import type { Finding, Stanza, XmlElement } from '../types';
import { attr, children, textOf, walkElements } from '../omemo/xmlBits';
import { OX_NS } from './findOx';
import { keyFingerprint } from './keyFingerprint';

const METADATA_NODE = `${OX_NS}:public-keys`;
const KEY_NODE = `${METADATA_NODE}:`;
const PUBSUB_NS = 'http://jabber.org/protocol/pubsub';

interface DataNode {
  owner: string;
  fingerprint: string;
  data: XmlElement;
  base64: string;
}

/** Owner of a stanza's PEP nodes: its from (a result or a notification), else the stream's JID. */
function ownerOf(stanza: Stanza, bound: string | undefined): string {
  const jid = stanza.from?.value ?? bound;
  return jid ? bareJid(jid).toLowerCase() : '';
}

/** Stanzas looked at between two pauses of a stepwise caller. */
const STANZAS_PER_STEP = 2_000;

/** In steps: it yields every few thousand stanzas (checkTraceObjectsInSteps gives the event loop a turn). */
/** `mayHold(i)` false: stanza i holds nothing this pass reads (plain, e2e/plainStanza.ts). */
export function* keyAnnouncementFindings(stanzas: readonly Stanza[], boundAt: (i: number) => string | undefined, mayHold: (i: number) => boolean = () => true): Generator<void, Finding[], void> {
  const listed = new Map<string, Set<string>>();
  const nodes: DataNode[] = [];
  for (let i = 0; i < stanzas.length; i++) {
    if (i % STANZAS_PER_STEP === STANZAS_PER_STEP - 1) yield;
    if (!mayHold(i)) continue;
    const s = stanzas[i];
    // Announcements live under <pubsub/> (publish, results) or <event/> (notifications): a large
    // trace's other stanzas are not walked.
    const roots = children(s.element).filter((c) => c.ns?.startsWith(PUBSUB_NS));
    if (roots.length === 0) continue;
    const owner = ownerOf(s, boundAt(i));
    // The context is the node name in scope ('' for none: undefined would stop the walk).
    for (const root of roots) walkElements(root, '', (el, node) => {
      const n = attr(el, 'node')?.value ?? node;
      if (el.ns !== OX_NS) return n;
      if (el.local === 'public-keys-list' && n === METADATA_NODE) {
        const set = listed.get(owner) ?? new Set<string>();
        for (const m of children(el, 'pubkey-metadata')) {
          const f = attr(m, 'v4-fingerprint')?.value ?? attr(m, 'v6-fingerprint')?.value;
          if (f) set.add(f.replace(/\s+/g, '').toUpperCase());
        }
        listed.set(owner, set);
        return undefined;
      }
      if (el.local === 'pubkey' && n.startsWith(KEY_NODE)) {
        const data = children(el, 'data')[0];
        if (data) nodes.push({ owner, fingerprint: n.slice(KEY_NODE.length).toUpperCase(), data, base64: textOf(data).replace(/\s+/g, '') });
        return undefined;
      }
      return n;
    });
  }
  const out: Finding[] = [];
  for (const d of nodes) {
    const actual = keyFingerprint(new Uint8Array(Buffer.from(d.base64, 'base64')));
    if (actual !== d.fingerprint) {
      out.push({
        code: 'ox.key.nodeMismatch',
        message: actual
          ? `The key in this PEP node has fingerprint ${actual}, not the ${d.fingerprint} its node name says: it is not used as a key.`
          : `This PEP node (…:public-keys:${d.fingerprint}) holds no OpenPGP public key: nothing is used from it.`,
        span: d.data.nameSpan,
      });
      continue;
    }
    const list = listed.get(d.owner);
    if (list && !list.has(actual)) {
      out.push({
        code: 'ox.key.notAnnounced',
        message: `The key ${actual} is published, but ${d.owner || 'its owner'}'s public-keys metadata list in this trace does not announce it (it lists ${[...list].join(', ') || 'no key'}): peers will not fetch it.`,
        span: d.data.nameSpan,
      });
    }
  }
  return out;
}
