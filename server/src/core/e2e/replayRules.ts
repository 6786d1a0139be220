// Trace-wide timestamp rules (RFC 3923 6.9): a signed object seen again is a replay; a timestamp
// not greater than one accepted from the same sender in the previous 10 minutes is "decreasing".
import type { Finding, Span } from '../types';

const TEN_MINUTES = 600_000;

interface Accepted {
  epochMs: number;
  fullJid: string;
  span: Span;
}

export class ReplayTracker {
  private readonly signatures = new Map<string, Span>();
  private readonly accepted = new Map<string, Accepted[]>();

  /**
   * Records an object's signature values and timestamp; returns the findings. `now` is the
   * stanza's "now" (epoch ms); `withinWindow` says whether its timestamp passed the 300 s check.
   */
  observe(input: {
    signatureValues: string[];
    objectSpan: Span;
    timestamp?: { epochMs: number; span: Span; withinWindow: boolean };
    senderBare?: string;
    senderFull?: string;
    nowMs: number;
  }): Finding[] {
    const findings: Finding[] = [];
    let replayed = false;
    for (const sig of input.signatureValues) {
      const first = this.signatures.get(sig);
      if (first) {
        replayed = true;
        findings.push({
          code: 'e2e.ts.replay',
          message: 'Replay: this signed object (the same signature value) was seen before in this trace.',
          span: input.timestamp?.span ?? input.objectSpan,
          related: [{ span: first, message: 'first seen here' }],
        });
        break;
      }
    }
    for (const sig of input.signatureValues) if (!this.signatures.has(sig)) this.signatures.set(sig, input.objectSpan);

    const ts = input.timestamp;
    if (!ts || !input.senderBare) return findings;
    const list = this.accepted.get(input.senderBare) ?? [];
    // Only timestamps accepted within the previous 10 minutes count (E2E-31).
    const recent = list.filter((a) => input.nowMs - a.epochMs <= TEN_MINUTES || ts.epochMs - a.epochMs <= TEN_MINUTES);
    if (!replayed) {
      const notGreater = recent.filter((a) => a.epochMs >= ts.epochMs);
      if (notGreater.length > 0) {
        const sameResource = notGreater.find((a) => a.fullJid === input.senderFull);
        const prior = sameResource ?? notGreater[0];
        findings.push({
          code: 'e2e.ts.decreasing',
          // Across resources of one account several devices share the bare JID (AMB-10).
          severity: sameResource ? 'warning' : 'information',
          message: `decreasing timestamp: not greater than ${new Date(prior.epochMs).toISOString()} accepted from ${input.senderBare} ${sameResource ? '' : '(another resource) '}in the previous 10 minutes.`,
          span: ts.span,
          related: [{ span: prior.span, message: 'the earlier timestamp' }],
        });
      }
    }
    if (ts.withinWindow && !replayed) {
      recent.push({ epochMs: ts.epochMs, fullJid: input.senderFull ?? input.senderBare, span: ts.span });
      this.accepted.set(input.senderBare, recent);
    }
    return findings;
  }
}
