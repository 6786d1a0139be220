// The sequence (ladder) model: entities as lifelines, one arrow per stanza in capture-time order,
// e2e arrows with their verdict, iq request ↔ response and error ↔ original linked.
import type { ViewRow as StanzaRow, Verdict } from './rows';

export interface Lifeline {
  /** The entity: a full or bare JID, or a server's domain. */
  id: string;
  kind: 'client' | 'server';
}

export interface Arrow {
  /** The stanza's index (row.index). */
  stanza: number;
  from: number;
  to: number;
  label: string;
  e2e: boolean;
  verdict?: Verdict;
  lens?: string;
  time?: string;
  /** The stanza this one answers or is answered by (iq), or the original an error bounces. */
  link?: number;
  linkKind?: 'request' | 'response' | 'error' | 'original';
}

export interface SequenceModel {
  lifelines: Lifeline[];
  arrows: Arrow[];
}

/** A JID with neither node nor resource is a server (RFC 7622 domainpart only). */
function kindOf(entity: string): Lifeline['kind'] {
  return entity.includes('@') || entity.includes('/') || entity === 'client' ? 'client' : 'server';
}

/**
 * Links by id: an iq result/error answers the latest earlier get/set with its id between the same two
 * parties reversed (or any, when a side is unknown); a message/presence error bounces the latest
 * earlier stanza of its kind with that id.
 */
export function linkRows(rows: readonly StanzaRow[]): Map<number, { link: number; kind: Arrow['linkKind'] }> {
  const links = new Map<number, { link: number; kind: Arrow['linkKind'] }>();
  const open = new Map<string, number[]>();
  for (const r of rows) {
    if (r.id === undefined) continue;
    const key = `${r.kind}\u0000${r.id}`;
    const isRequest = r.kind === 'iq' ? r.type === 'get' || r.type === 'set' : r.type !== 'error';
    if (isRequest) {
      const list = open.get(key) ?? [];
      list.push(r.index);
      open.set(key, list);
      continue;
    }
    const list = open.get(key);
    if (!list?.length) continue;
    let pick = -1;
    for (let k = list.length - 1; k >= 0; k--) {
      const q = rows[list[k]];
      if (q.fromEntity === r.toEntity || q.toEntity === r.fromEntity || q.direction !== r.direction) {
        pick = k;
        break;
      }
    }
    if (pick < 0) pick = list.length - 1;
    const original = list[pick];
    if (r.kind === 'iq') list.splice(pick, 1);
    const answer = r.type === 'error' ? 'error' : 'response';
    links.set(r.index, { link: original, kind: answer });
    if (!links.has(original)) links.set(original, { link: r.index, kind: r.type === 'error' ? 'original' : 'request' });
  }
  return links;
}

/** Capture-time order: by time, a stanza without one keeps the time of the one before it (stable). */
function captureOrder(rows: readonly StanzaRow[]): StanzaRow[] {
  let last = -Infinity;
  const keyed = rows.map((r, i) => {
    if (r.epochMs !== undefined) last = r.epochMs;
    return { r, t: last, i };
  });
  keyed.sort((a, b) => a.t - b.t || a.i - b.i);
  return keyed.map((k) => k.r);
}

export function arrowLabel(r: StanzaRow): string {
  return `${r.kind}${r.type ? ` ${r.type}` : ''}${r.id ? ` #${r.id}` : ''}`;
}

export function buildSequence(rows: readonly StanzaRow[], allRows: readonly StanzaRow[] = rows): SequenceModel {
  const lifelines: Lifeline[] = [];
  const byId = new Map<string, number>();
  const lane = (entity: string) => {
    let i = byId.get(entity);
    if (i === undefined) {
      i = lifelines.length;
      byId.set(entity, i);
      lifelines.push({ id: entity, kind: kindOf(entity) });
    }
    return i;
  };
  const links = linkRows(allRows);
  const arrows = captureOrder(rows).map((r): Arrow => {
    const l = links.get(r.index);
    return {
      stanza: r.index,
      from: lane(r.fromEntity),
      to: lane(r.toEntity),
      label: arrowLabel(r),
      e2e: r.verdict !== undefined,
      verdict: r.verdict,
      lens: r.lens,
      time: r.time,
      ...(l ? { link: l.link, linkKind: l.kind } : {}),
    };
  });
  return { lifelines, arrows };
}
