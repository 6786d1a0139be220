// From a capture's text to the trace model: detect the dialect, frame the log entries, parse each
// entry's XML (re-joining buffers cut mid-stanza), and classify the stream-level elements.
//
// Stream-level means: children of <stream:stream>, top-level elements of a log entry, and children
// of transport wrappers: BOSH <body xmlns='http://jabber.org/protocol/httpbind'> and Tigase's
// inter-node <cluster xmlns='tigase:cluster'> (its <data/> carries routed stanzas). Stanzas nested
// deeper (forwarded in MAM results or carbons) belong to their top-level stanza.
import type { Dialect, Finding, OffsetMap, ScopeMark, Stanza, Trace, XmlElement, XmlNode } from '../types';
import { shiftMap } from '../offsetMap';
import { scanXml, STREAMS_NS, type ScanResult } from '../xml/scanXml';
import type { Frame, Framing } from './frames';
import { detectDialect } from './detectDialect';
import { frameLines, libstrophe, nodeXmpp, openfire, prosody, rfcTranscript, slixmpp, smack, xmpppy } from './lineFramer';
import { frameCot, frameDino, frameGajim, framePsi, frameScansion, frameXmppJs } from './blockFramers';
import { DIALECTS } from './dialectTable';
import { frameEjabberd, frameTigase } from './serverFramers';
import { ConcatMap } from './concatMap';
import { buildStanza, HTTPBIND_NS, stanzaKind } from './stanzaModel';
import { compactStanza, CompactScan } from './compactStanza';

export interface ParseTraceOptions {
  isCancelled?: () => boolean;
  /** YYYY-MM-DD for dialects that log only the time of day (else 1970-01-01, with dateKnown false). */
  referenceDate?: string;
  /**
   * Streamed (core/stream/**): the file offset of the text's first character, the number of log
   * entries framed before it, and the stream headers' namespaces carried from the earlier segments;
   * `lossySaid`: an earlier segment already said the log is lossy (said once per file).
   */
  segment?: { base: number; frameBase: number; scopes: Map<string, Record<string, string>>; lossySaid?: boolean };
  /**
   * Which stanzas to keep compactly (trace/compactStanza.ts), as a raw stream's chunks are: the
   * plain ones (e2e/plainStanza.ts), for the language server's log parses. A compact stanza keeps
   * what it points into alive, so the text must be one held anyway (the document as opened) or the
   * caller's own copy (an edited region's), never a slice of an edited version. A streamed pass
   * drops each segment and keeps none.
   */
  compact?: (s: Stanza) => boolean;
}

const TIGASE_CLUSTER_NS = 'tigase:cluster';
const DEFAULT_NS: Record<string, string> = { '': 'jabber:client', stream: STREAMS_NS };
/** Re-joining gives up after this many buffers: the stanza is reported as cut. */
const MAX_JOIN = 64;

export function frameTrace(text: string, dialect: Dialect, options: ParseTraceOptions = {}): Framing {
  const { referenceDate, isCancelled } = options;
  switch (dialect) {
    case 'xmpppy':
      return frameLines(text, xmpppy, referenceDate, isCancelled);
    case 'libstrophe':
      return frameLines(text, libstrophe, referenceDate, isCancelled);
    case 'slixmpp':
      return frameLines(text, slixmpp, referenceDate, isCancelled);
    case 'rfc-transcript':
      return frameLines(text, rfcTranscript, referenceDate, isCancelled);
    case 'scansion':
      return frameScansion(text);
    case 'tigase-cot':
      return frameCot(text);
    case 'smack':
      return frameLines(text, smack, referenceDate, isCancelled);
    case 'openfire':
      return frameLines(text, openfire, referenceDate, isCancelled);
    case 'node-xmpp':
      return frameLines(text, nodeXmpp, referenceDate, isCancelled);
    case 'prosody':
      return frameLines(text, prosody, referenceDate, isCancelled);
    case 'gajim':
      return frameGajim(text, referenceDate);
    case 'psi':
      return framePsi(text, referenceDate);
    case 'dino':
      return frameDino(text, referenceDate);
    case 'xmppjs':
      return frameXmppJs(text, referenceDate);
    case 'ejabberd':
      return frameEjabberd(text, referenceDate, isCancelled);
    case 'tigase':
      return frameTigase(text, referenceDate, isCancelled);
    case 'raw-xml':
      return { dialect, frames: [{ start: 0, end: text.length, direction: 'unknown' }], findings: [] };
    default:
      return {
        dialect: 'unknown',
        frames: [{ start: 0, end: text.length, direction: 'unknown' }],
        lenient: true,
        findings: [
          {
            code: 'trace.format.unknown',
            message: 'No capture dialect recognised: the file is read as plain XML, and text between elements is skipped.',
            span: { start: 0, end: 0 },
          },
        ],
      };
  }
}

export function parseTrace(text: string, options: ParseTraceOptions = {}): Trace {
  let framing: Framing;
  try {
    framing = frameTrace(text, detectDialect(text), options);
  } catch (e) {
    // Never throw out of the core: the reason is the finding.
    return { dialect: 'unknown', vantage: 'unknown', stanzas: [], others: [], findings: [{ code: 'xml.malformed', message: `the capture could not be parsed further: ${(e as Error).message}`, span: { start: 0, end: 0 } }] };
  }
  return traceOfFraming(text, framing, options);
}

/** The trace of a framing (a log's, or a network capture's reassembled streams). */
export function traceOfFraming(text: string, framing: Framing, options: ParseTraceOptions = {}): Trace {
  const stanzas: Stanza[] = [];
  const others: XmlElement[] = [];
  const findings: Finding[] = [...framing.findings];
  const scopeMarks: ScopeMark[] = [];
  try {
    new TraceBuilder(text, framing, stanzas, others, findings, scopeMarks, options.isCancelled, options.segment, options.compact).run();
  } catch (e) {
    // Whatever was built so far is returned with the reason.
    findings.push({ code: 'xml.malformed', message: `the capture could not be parsed further: ${(e as Error).message}`, span: { start: 0, end: 0 } });
  }
  stanzas.sort((a, b) => a.element.span.start - b.element.span.start);
  others.sort((a, b) => a.span.start - b.span.start);
  const info = DIALECTS[framing.dialect];
  if (stanzas.length === 0 && info.wholeStanzas && !findings.some((f) => f.code === 'trace.format.lossy')) {
    findings.push({
      code: 'trace.format.noStanzas',
      message: `This ${info.label} holds no stanza: ${info.wholeStanzas}`,
      span: { start: 0, end: 0 },
    });
  }
  findings.sort((a, b) => a.span.start - b.span.start);
  const trace: Trace = { dialect: framing.dialect, vantage: info.vantage, stanzas, others, findings, scopeMarks };
  if (framing.frames.some((f) => f.lossy)) trace.keptSummaries = true;
  return trace;
}

interface Pending {
  frames: Frame[];
  indexes: number[];
  /** The scan of `frames` as they are. */
  last?: ScanResult;
}

class TraceBuilder {
  /** Namespaces in scope per channel or direction, from the last stream header seen there. */
  private readonly scopes: Map<string, Record<string, string>>;
  private readonly pending = new Map<string, Pending>();
  private lossyReported = false;
  /** What the compact stanzas share (this text at this base). */
  private compactScan?: CompactScan;
  private readonly base: number;
  private readonly frameBase: number;

  constructor(
    private readonly text: string,
    private readonly framing: Framing,
    private readonly stanzas: Stanza[],
    private readonly others: XmlElement[],
    private readonly findings: Finding[],
    private readonly scopeMarks: ScopeMark[],
    private readonly isCancelled?: () => boolean,
    segment?: ParseTraceOptions['segment'],
    private readonly compact?: (s: Stanza) => boolean,
  ) {
    this.scopes = segment?.scopes ?? new Map();
    this.base = segment?.base ?? 0;
    this.frameBase = segment?.frameBase ?? 0;
    this.lossyReported = segment?.lossySaid ?? false;
  }

  private stopped = false;

  run(): void {
    const frames = this.framing.frames;
    for (let i = 0; i < frames.length; i++) {
      if (this.stopped || ((i & 255) === 255 && this.isCancelled?.())) return;
      const f = frames[i];
      if (!f.channel) {
        this.collect(this.scan([f]), [f], [i + this.frameBase]);
        continue;
      }
      const p = this.pending.get(f.channel);
      if (p && !this.startsNewStanza(f, p)) {
        p.frames.push(f);
        p.indexes.push(i + this.frameBase);
        this.tryChannel(f.channel, p);
      } else {
        if (p) this.flush(f.channel, p);
        this.tryChannel(f.channel, { frames: [f], indexes: [i + this.frameBase] });
      }
    }
    for (const [channel, p] of [...this.pending]) this.flush(channel, p);
  }

  /** Parses a channel's pending buffers; keeps them pending while they end inside a stanza. */
  private tryChannel(channel: string, p: Pending): void {
    const r = this.scan(p.frames);
    p.last = r;
    if (p.frames.length < MAX_JOIN && !p.frames[p.frames.length - 1].cut && this.endsInsideStanza(r)) {
      this.pending.set(channel, p);
      return;
    }
    this.pending.delete(channel);
    this.collect(r, p.frames, p.indexes);
  }

  private flush(channel: string, p: Pending): void {
    this.pending.delete(channel);
    this.collect(p.last ?? this.scan(p.frames), p.frames, p.indexes);
  }

  private endsInsideStanza(r: ScanResult): boolean {
    if (r.cutInMarkup) return true;
    for (const el of r.open) if (!isStream(el)) return true;
    return false;
  }

  /** A buffer that opens a new stanza (or stream) while the pending one is inside a leaf: the capture lost the rest. */
  private startsNewStanza(f: Frame, p: Pending): boolean {
    const src = f.derived ? f.derived.text : this.text;
    let i = f.derived ? 0 : f.start;
    const end = f.derived ? src.length : f.end;
    while (i < end && /\s/.test(src[i])) i++;
    const m = /^<(?:\?xml|stream:stream|message|presence|iq)[\s/>]/.exec(src.slice(i, i + 20));
    if (!m) return false;
    const r = p.last ?? this.scan(p.frames);
    const inner = r.open[r.open.length - 1];
    // Only a wrapper or <forwarded/> (MAM, carbons) may contain a stanza.
    return !r.cutInMarkup && inner !== undefined && inner.local !== 'forwarded' && !isWrapper(inner);
  }

  private scan(frames: Frame[]): ScanResult {
    const f0 = frames[0];
    const namespaces = this.scopes.get(f0.channel ?? f0.direction) ?? DEFAULT_NS;
    const opts = {
      namespaces,
      allowUnclosed: true,
      streams: true,
      single: !!f0.single,
      lenient: !!this.framing.lenient,
      quietOutside: true,
      isCancelled: this.isCancelled,
    };
    if (frames.length === 1) {
      if (f0.derived) return scanXml(f0.derived.text, 0, f0.derived.text.length, { ...opts, map: f0.derived.map });
      return scanXml(this.text, f0.start, f0.end, this.base ? { ...opts, map: shiftMap(this.base) } : opts);
    }
    const map = new ConcatMap();
    let joined = '';
    for (const f of frames) {
      const piece = f.derived ? f.derived.text : this.text.slice(f.start, f.end);
      const m: OffsetMap = f.derived ? f.derived.map : shiftMap(f.start + this.base);
      map.add(m, piece.length);
      joined += piece;
    }
    return scanXml(joined, 0, joined.length, { ...opts, map });
  }

  private collect(r: ScanResult, frames: Frame[], indexes: number[]): void {
    if (r.cancelled) this.stopped = true;
    const f0 = frames[0];
    const lossy = !!f0.lossy;
    if (lossy) {
      if (!this.lossyReported && this.isLossy(r)) {
        this.lossyReported = true;
        this.findings.push({
          code: 'trace.format.lossy',
          message: `This log keeps only the opening tag of each stanza: children such as <e2e/> and <body/> cannot be seen.${DIALECTS[this.framing.dialect].wholeStanzas ? ' ' + DIALECTS[this.framing.dialect].wholeStanzas : ''}`,
          span: { start: f0.start + this.base, end: f0.end + this.base },
        });
      }
    } else {
      for (const f of r.findings) this.findings.push(f);
    }
    // A plain top-level stanza of a clean, verbatim entry reads back the same from its own range in
    // the scope the entry was scanned in (read here: a stream header below changes it), so it may be
    // kept compactly (it is scanned again when its tree is read).
    const keep = frames.length === 1 && !f0.derived && !f0.channel && !lossy && !this.framing.lenient && r.findings.length === 0 ? this.compact : undefined;
    const scope = this.scopes.get(f0.direction) ?? DEFAULT_NS;
    const frameOf = (el: XmlElement): number => {
      let k = 0;
      for (let j = 1; j < frames.length; j++) if (frames[j].start + this.base <= el.span.start) k = j;
      return k;
    };
    const visit = (nodes: XmlNode[], depth: number): void => {
      for (const n of nodes) {
        if (n.type !== 'element') continue;
        const kind = stanzaKind(n);
        if (kind) {
          const k = frames.length === 1 ? 0 : frameOf(n);
          const f = frames[k];
          const st = buildStanza(n, kind, f.direction, f.time, indexes[k]);
          if (f.stream) st.stream = f.stream;
          const c = keep && depth === 0 && n.closed && keep(st) ? compactStanza(st, (this.compactScan ??= new CompactScan(this.text, this.base)), scope) : undefined;
          this.stanzas.push(c ?? st);
          if (!n.closed && !lossy && !r.cancelled && !r.endedEarly.has(n)) {
            this.findings.push({
              code: 'trace.stanza.truncated',
              message: `The capture cuts this <${n.name}> stanza before its end tag.`,
              span: { start: n.span.start, end: n.startTagEnd },
            });
          }
          continue;
        }
        this.others.push(n);
        if (depth < 4 && isWrapper(n)) {
          if (isStream(n)) {
            const f = frames[frames.length === 1 ? 0 : frameOf(n)];
            this.rememberScope(n, f.channel ?? f.direction);
          }
          visit(n.children, depth + 1);
        }
      }
    };
    visit(r.nodes, 0);
  }

  private isLossy(r: ScanResult): boolean {
    for (const el of r.open) if (!isStream(el)) return true;
    return false;
  }

  /** Later entries of the same channel (or direction) start in the namespaces this stream header declared. */
  private rememberScope(stream: XmlElement, key: string): void {
    const scope: Record<string, string> = { ...DEFAULT_NS };
    for (const a of stream.attrs) {
      if (a.name === 'xmlns') scope[''] = a.value;
      else if (a.name.startsWith('xmlns:')) scope[a.name.slice(6)] = a.value;
    }
    this.scopes.set(key, scope);
    this.scopeMarks.push({ at: stream.span.start, key, scope });
  }
}

function isStream(el: XmlElement): boolean {
  return el.local === 'stream' && (el.ns === STREAMS_NS || el.name === 'stream:stream');
}

function isWrapper(el: XmlElement): boolean {
  if (isStream(el)) return true;
  if (el.local === 'body' && el.ns === HTTPBIND_NS) return true;
  if (el.ns === TIGASE_CLUSTER_NS && (el.local === 'cluster' || el.local === 'data')) return true;
  return false;
}
