// RFC 3923 §6.9, sender rule (E2E-29): unless its clock was adjusted, a sender makes its timestamps
// strictly increase, bumping the fraction when two fall in the same instant. Checkable only on the
// sending side of a capture (stanzas the capturing client sent), per sender and recipient; a
// Warning, because a deliberate clock adjustment is allowed.
import type { Finding, Span } from '../types';

interface Last {
  epochMs: number;
  span: Span;
  signatures: string[];
}

/** Server logs: "out" is the server delivering, not the sender's own stream. */
const SERVER_DIALECTS = new Set(['ejabberd', 'prosody', 'tigase', 'openfire']);

export class SendMonotonicTracker {
  private readonly last = new Map<string, Last>();

  constructor(private readonly dialect: string) {}

  /** A copy that the original's later observations do not change (its entries are replaced, never changed). */
  clone(): SendMonotonicTracker {
    const c = new SendMonotonicTracker(this.dialect);
    for (const [k, v] of this.last) c.last.set(k, v);
    return c;
  }

  /** Records one sent object's inner timestamp; returns the finding when it does not increase. */
  observe(input: { direction: string; senderFull?: string; recipient?: string; timestamp?: { epochMs: number; span: Span }; signatures: string[] }): Finding[] {
    const ts = input.timestamp;
    if (input.direction !== 'out' || SERVER_DIALECTS.has(this.dialect) || !ts || !input.recipient) return [];
    const key = `${input.senderFull ?? ''}\u0000${input.recipient}`;
    const prev = this.last.get(key);
    if (!prev || ts.epochMs > prev.epochMs) {
      this.last.set(key, { epochMs: ts.epochMs, span: ts.span, signatures: input.signatures });
      return [];
    }
    // The same signed object sent again (a retransmission, or a replay) carries no new timestamp.
    if (input.signatures.some((sig) => prev.signatures.includes(sig))) return [];
    const how = ts.epochMs === prev.epochMs ? 'equal to' : 'earlier than';
    return [{
      code: 'e2e.ts.nonMonotonicSend',
      message: `The sender's timestamp is ${how} the one it sent ${input.recipient} before (${new Date(prev.epochMs).toISOString()}); RFC 3923 requires strictly increasing timestamps (bump the fraction) unless the clock was adjusted.`,
      span: ts.span,
      related: [{ span: prev.span, message: 'the previous timestamp sent to this recipient' }],
    }];
  }
}
