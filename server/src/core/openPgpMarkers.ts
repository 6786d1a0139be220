// A cheap test before the edge parses a text for OpenPGP objects (XEP-0373 OX, XEP-0027).
import { OX_NS } from './ox/findOx';
import { mayHoldXep27 } from './xep27/findXep27';

export function mayHoldOpenPgp(text: string): boolean {
  return text.includes(OX_NS) || mayHoldXep27(text);
}
