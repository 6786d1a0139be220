// Consistent, domain-preserving pseudonyms: `juliet@capulet.lit/balcony` becomes
// `user1@capulet.lit/res1` everywhere in the file (attributes, <jid/>, log lines), the same
// localpart or resource always the same pseudonym, numbered in order of first appearance so the
// output is deterministic. Domains stay: they tell which server and federation path a trace shows.
import { parseJid } from '../jid/jid';
import type { Span, XmlText } from '../types';
import { fileRuns } from './fileRuns';
import type { Hit } from './secretKinds';

export class JidPseudonyms {
  private readonly locals = new Map<string, string>();
  private readonly resources = new Map<string, string>();
  /** Bare JIDs (lower case) with a localpart: the strings searched for in the text. */
  readonly bare = new Set<string>();

  /** Registers a JID seen in the trace. */
  add(jid: string): void {
    const r = parseJid(jid.trim());
    if (!r.ok || r.jid.local === undefined) return;
    this.bare.add(r.jid.bare);
  }

  local(localpart: string): string {
    const key = localpart.toLowerCase();
    let p = this.locals.get(key);
    if (!p) this.locals.set(key, (p = `user${this.locals.size + 1}`));
    return p;
  }

  resource(res: string): string {
    let p = this.resources.get(res);
    if (!p) this.resources.set(res, (p = `res${this.resources.size + 1}`));
    return p;
  }

  /** Every occurrence of a known bare JID (with its resource, if any) in the file text. */
  findIn(text: string): Hit[] {
    if (this.bare.size === 0) return [];
    const alternatives = [...this.bare].sort((a, b) => b.length - a.length).map(escapeRegExp);
    // Not inside a longer address: no address character before, no domain label continuing after.
    const re = new RegExp(`(?<![\\w.%+-])(${alternatives.join('|')})(?![\\w-]|\\.[\\w])(/[^\\s"'<>&\\\\/,;)\\]]+)?`, 'giu');
    const hits: Hit[] = [];
    for (const m of text.matchAll(re)) {
      const bare = m[1].toLowerCase();
      const at = bare.indexOf('@');
      const pseudo = `${this.local(bare.slice(0, at))}@${m[1].slice(at + 1)}${m[2] ? `/${this.resource(m[2].slice(1))}` : ''}`;
      hits.push({ kind: 'jid', spans: [{ start: m.index!, end: m.index! + m[0].length }], replacement: pseudo });
    }
    return hits;
  }

  /** XEP-0077/0078 <username/>: the localpart written alone gets the same pseudonym. */
  usernameHits(texts: XmlText[]): Hit[] {
    return texts.flatMap((t) => {
      const spans: Span[] = fileRuns(t.map, 0, t.value.length);
      return spans.length ? [{ kind: 'jid' as const, spans, replacement: this.local(t.value.trim()) }] : [];
    });
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
