// Trace-wide timestamp rules (RFC 3923 6.9): a signed object delivered again to the same recipient
// is a replay; a timestamp earlier than one the same recipient accepted from the same sender in the
// previous 10 minutes is "decreasing" (equal ones are let through: see below). A server's log shows
// each routed object on two legs (received from the sender, sent to the recipient): those are one
// delivery, told apart by the leg (see deliveryLeg).
import { rememberedBareJid } from '../jid/jid';
import type { Finding, Span, Stanza, Vantage } from '../types';

/**
 * Who receives this copy, as far as the log tells: in a server's log the outgoing copy goes to the
 * connection it is written on (each resource is its own recipient), the incoming one to its `to`;
 * a client receives what comes in, and its outgoing copies go to their `to`.
 */
export function deliveryLeg(stanza: Pick<Stanza, 'direction' | 'to' | 'stream'>, vantage: Vantage): string {
  const to = stanza.to?.value ?? '';
  if (vantage === 'server' && stanza.direction === 'out') return `out|${stanza.stream ?? to}`;
  return `${stanza.direction}|${to ? rememberedBareJid(to) : ''}`;
}

const TEN_MINUTES = 600_000;
/** Per sender; a burst larger than this within 10 minutes is not a realistic trace. */
const MAX_REMEMBERED = 256;

interface Accepted {
  epochMs: number;
  /** The "now" at which it was accepted: "the previous 10 minutes" are counted on this clock. */
  acceptedAt: number;
  fullJid: string;
  span: Span;
}

export class ReplayTracker {
  /** First sightings by leg, then by signature value (the value's hash is kept with the string: no key is built per object). */
  private readonly signatures = new Map<string, Map<string, Span>>();
  /** Accepted timestamps by leg, then by sender's bare JID. */
  private readonly accepted = new Map<string, Map<string, Accepted[]>>();

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
    /** The delivery this copy belongs to (deliveryLeg); absent: the whole trace is one. */
    leg?: string;
  }): Finding[] {
    const leg = input.leg ?? '';
    const findings: Finding[] = [];
    let replayed = false;
    let seen = this.signatures.get(leg);
    if (!seen) this.signatures.set(leg, (seen = new Map()));
    for (const sig of input.signatureValues) {
      const first = seen.get(sig);
      if (first) {
        replayed = true;
        findings.push({
          code: 'e2e.ts.replay',
          message: 'Replay: this signed object (the same signature value) was delivered to the same recipient before in this trace.',
          span: input.timestamp?.span ?? input.objectSpan,
          related: [{ span: first, message: 'first seen here' }],
        });
        break;
      }
    }
    for (const sig of input.signatureValues) if (!seen.has(sig)) seen.set(sig, input.objectSpan);

    const ts = input.timestamp;
    if (!ts || !input.senderBare) return findings;
    let bySender = this.accepted.get(leg);
    if (!bySender) this.accepted.set(leg, (bySender = new Map()));
    const list = bySender.get(input.senderBare) ?? [];
    // Entries accepted more than 10 minutes before this "now" no longer count (E2E-31); "now"
    // mostly grows through a trace, so they are dropped from the front.
    while (list.length > 0 && input.nowMs - list[0].acceptedAt > TEN_MINUTES) list.shift();
    let decreasing = false;
    // A timestamp already outside the window is reported as old/future, not also as decreasing.
    if (!replayed && ts.withinWindow) {
      let prior: Accepted | undefined;
      let sameResource = false;
      // Accepted timestamps grow (a value below the last is never accepted), so the
      // newest entries decide: scan back until one in the window is older than this timestamp.
      for (let i = list.length - 1; i >= 0; i--) {
        const a = list[i];
        // Only what was accepted at or before this "now": an offline message judged at its <delay/>
        // stamp is not compared with what arrived live after it was sent.
        const age = input.nowMs - a.acceptedAt;
        if (age < 0 || age > TEN_MINUTES) continue;
        // Equal timestamps are not flagged: second-precision clocks give them to honest senders
        // (RFC 3923 asks senders to bump fractions, few do); the same object again is a replay.
        if (a.epochMs <= ts.epochMs) break;
        const same = a.fullJid === input.senderFull;
        if (!prior || (same && !sameResource)) {
          prior = a;
          sameResource = same;
        }
      }
      if (prior) {
        decreasing = true;
        findings.push({
          code: 'e2e.ts.decreasing',
          // Across resources of one account several devices share the bare JID (AMB-10).
          severity: sameResource ? 'warning' : 'information',
          message: `decreasing timestamp: earlier than ${new Date(prior.epochMs).toISOString()} accepted from ${input.senderBare} ${sameResource ? '' : '(another resource) '}in the previous 10 minutes.`,
          span: ts.span,
          related: [{ span: prior.span, message: 'the earlier timestamp' }],
        });
      }
    }
    if (ts.withinWindow && !replayed && !decreasing) {
      list.push({ epochMs: ts.epochMs, acceptedAt: input.nowMs, fullJid: input.senderFull ?? input.senderBare, span: ts.span });
      if (list.length > MAX_REMEMBERED) list.shift();
      bySender.set(input.senderBare, list);
    }
    return findings;
  }

  /** A copy that the original's later observations do not change (ruleCheckpoints.ts). */
  clone(): ReplayTracker {
    const c = new ReplayTracker();
    for (const [leg, seen] of this.signatures) c.signatures.set(leg, new Map(seen));
    for (const [leg, bySender] of this.accepted) c.accepted.set(leg, new Map([...bySender].map(([sender, list]) => [sender, list.slice()])));
    return c;
  }
}
