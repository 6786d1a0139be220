// Pairing of stanzas for "go to definition": an iq get/set and the result/error with the same id
// going the other way (or, on a server log, between the same two parties reversed), and an e2e
// error reply and the stanza it answers.
import type { Analysis } from '../analyze';
import { answeredStanza } from '../e2e/errorReplies';
import type { Span, Stanza } from '../types';
import { stanzaIndexAt } from './locate';

function isRequest(s: Stanza): boolean {
  const t = s.type?.value;
  return t === 'get' || t === 'set';
}

function isResponse(s: Stanza): boolean {
  const t = s.type?.value;
  return t === 'result' || t === 'error';
}

/** The index of the iq that answers (or is answered by) stanza `i`, or -1. */
export function pairedIq(stanzas: readonly Stanza[], i: number): number {
  const s = stanzas[i];
  if (!s || s.kind !== 'iq' || !s.id) return -1;
  const id = s.id.value;
  const matches = (o: Stanza) => o.kind === 'iq' && o.id?.value === id;
  const opposite = (o: Stanza) =>
    s.direction === 'unknown' || o.direction === 'unknown' || o.direction !== s.direction ||
    (o.from?.value !== undefined && o.from.value === s.to?.value);
  if (isRequest(s)) {
    for (let j = i + 1; j < stanzas.length; j++) if (matches(stanzas[j]) && isResponse(stanzas[j]) && opposite(stanzas[j])) return j;
  } else if (isResponse(s)) {
    for (let j = i - 1; j >= 0; j--) if (matches(stanzas[j]) && isRequest(stanzas[j]) && opposite(stanzas[j])) return j;
  }
  return -1;
}

/** Where "go to definition" at the offset leads: the paired iq, else the stanza an error reply answers. */
export function pairedStanzaAt(analysis: Analysis, offset: number): Span | undefined {
  const stanzas = analysis.trace?.stanzas ?? [];
  const i = stanzaIndexAt(analysis, offset);
  if (i < 0) return undefined;
  let j = pairedIq(stanzas, i);
  if (j < 0 && stanzas[i].kind !== 'iq' && stanzas[i].type?.value === 'error') j = answeredStanza(stanzas, i) ?? -1;
  if (j < 0) return undefined;
  return stanzas[j].id?.valueSpan ?? stanzas[j].element.nameSpan;
}
