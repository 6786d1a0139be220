// A "plain" stanza is one no object finder and no trace-wide rule reads beyond its kind, type, id,
// from, to, direction, stream, entry and capture time: no <e2e/>, no delay of its own, no error, and
// no element in a namespace an object finder or trace-wide pass looks at (OMEMO, OX, XEP-0027,
// pubsub, bind). A <delay/> deeper down (a MAM result's or a carbon's <forwarded/>) is read by no
// rule: the delay rules and "now" read the stanza's own children (stanza.delay).
// Most stanzas of a large trace are plain: judging skips them, and an edit inside one changes no
// verdict (incremental/reuseAnalysis.ts). Plainness does not depend on where the stanza is, so it is
// remembered on the stanza first parsed and read through its moved copies.
import type { Stanza, XmlElement } from '../types';
import { stanzaOrigin } from '../spanShift';
import { CompactStanza } from '../trace/compactStanza';
import { OMEMO_2_NS, OMEMO_LEGACY_NS } from '../omemo/omemoHeader';
import { OX_NS } from '../ox/findOx';
import { XEP27_ENCRYPTED_NS, XEP27_SIGNED_NS } from '../xep27/findXep27';

/** Namespaces some trace-wide rule or object finder reads (prefixes: pubsub#event, pubsub#owner...). */
const WATCHED_NS = [
  'urn:ietf:params:xml:ns:xmpp-e2e',
  'urn:ietf:params:xml:xmpp-e2e',
  'urn:ietf:params:xml:ns:xmpp-stanzas',
  'urn:ietf:params:xml:ns:xmpp-bind',
  'jabber:x:signed',
  'jabber:x:encrypted',
  'urn:xmpp:openpgp:0',
  'urn:xmpp:omemo:2',
  'eu.siacs.conversations.axolotl',
  'http://jabber.org/protocol/pubsub',
];

function watched(ns: string | undefined): boolean {
  return ns !== undefined && WATCHED_NS.some((w) => ns.startsWith(w));
}

/** An explicit stack: a stanza may nest as deep as its input does. */
function plainTree(root: XmlElement): boolean {
  const stack = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (watched(el.ns) || el.local === 'error') return false;
    for (const c of el.children) if (c.type === 'element') stack.push(c);
  }
  return true;
}

/**
 * Plainness and finders, remembered on the stanza first parsed: hidden properties, not WeakMaps
 * (50,000 entries made a WeakMap rehash for 40-60 ms inside one step).
 */
const PLAIN = Symbol('plain');
const FINDERS = Symbol('finders');
type Remembered = Stanza & { [PLAIN]?: boolean; [FINDERS]?: number };

/** Plainness worked out now, not remembered: for a stanza about to be kept compactly (or not at all). */
export function plainNow(s: Stanza): boolean {
  return s.e2e.length === 0 && s.delay === undefined && s.type?.value !== 'error' && plainTree(s.element);
}

export function isPlainStanza(s: Stanza): boolean {
  const origin = stanzaOrigin(s);
  if (origin instanceof CompactStanza) return true; // only plain stanzas are kept so
  const r = origin as Remembered;
  let plain = r[PLAIN];
  if (plain === undefined) {
    plain = plainNow(origin);
    Object.defineProperty(r, PLAIN, { value: plain }); // not enumerable: deep comparisons do not see it
  }
  return plain;
}

/** Object finders a stanza needs: each looks for elements in exactly its namespaces. */
export const FINDS_OMEMO = 1;
export const FINDS_OX = 2;
export const FINDS_XEP27 = 4;

const FINDER_NS = new Map<string, number>([
  [OMEMO_LEGACY_NS, FINDS_OMEMO],
  [OMEMO_2_NS, FINDS_OMEMO],
  [OX_NS, FINDS_OX],
  [XEP27_SIGNED_NS, FINDS_XEP27],
  [XEP27_ENCRYPTED_NS, FINDS_XEP27],
]);

/** The finders' bits of every element in the tree (any order: bits are or-ed). An explicit stack and
 *  no generator nor filtered child lists: every stanza of a streamed trace is walked once. */
function finderBits(root: XmlElement): number {
  let bits = 0;
  const stack = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (el.ns !== undefined) bits |= FINDER_NS.get(el.ns) ?? 0;
    // Indexed: for-of here made an iterator result per child (15 MB over the 22 MB trace).
    const children = el.children;
    for (let i = 0; i < children.length; i++) {
      const c = children[i]!;
      if (c.type === 'element') stack.push(c);
    }
  }
  return bits;
}

/**
 * Which of the OMEMO, OX and XEP-0027 finders can find anything in the stanza (FINDS_* bits), from
 * one walk of its tree remembered on the stanza first parsed: each finder walks every element, and
 * a large trace's MAM results and forwards hold many.
 */
export function findersFor(s: Stanza): number {
  const origin = stanzaOrigin(s);
  if (origin instanceof CompactStanza) return 0;
  const r = origin as Remembered;
  let bits = r[FINDERS];
  if (bits === undefined) {
    bits = finderBits(origin.element);
    Object.defineProperty(r, FINDERS, { value: bits }); // not enumerable: deep comparisons do not see it
  }
  return bits;
}
