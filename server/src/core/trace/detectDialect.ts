// Recognises the capture dialect from the first lines: each dialect's marker lines are counted and
// the one with the most wins; a file with none that starts with markup is a raw XML stream.
import type { Dialect } from '../types';

const SAMPLE_CHARS = 256 * 1024;
const SAMPLE_LINES = 4000;

interface Probe {
  dialect: Dialect;
  re: RegExp;
  /** Weight per matching line (stronger, rarer markers outrank generic ones). */
  weight: number;
}

const PROBES: Probe[] = [
  { dialect: 'ejabberd', re: /\b(?:Send|Sending|Received|Receiving) XML on stream = <</, weight: 4 },
  { dialect: 'ejabberd', re: /^\d{4}-\d{2}-\d{2}[ T][\d:.]+(?:Z|[+-][\d:]+)? \[(?:debug|info|notice|warning|error|critical)\] <[\d.]+>@/, weight: 1 },
  { dialect: 'tigase', re: /\bDATA=<[A-Za-z]/, weight: 3 },
  { dialect: 'tigase', re: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s+[\w$]+\.[\w$<>]+\(\)\s+(?:FINEST|FINER|FINE|CONFIG|INFO|WARNING|SEVERE):/, weight: 1 },
  { dialect: 'openfire', re: /\b(?:C2S|S2S|ExComp|CM|BOSH|WebSocket|WS) - (?:RECV|SENT) \([^)]*\): /, weight: 4 },
  { dialect: 'xmpppy', re: /^[^<]*?\d{1,2}:\d{2}:\d{2}[^<]*? - (?:SENT|RECV): - /, weight: 4 },
  { dialect: 'smack', re: /^[^<]*?\b(?:SENT|RECV) \(\d+\): /, weight: 4 },
  { dialect: 'node-xmpp', re: /^[^<]*?\bxmpp:[\w:.-]* (?:send|receive): /, weight: 4 },
  { dialect: 'prosody', re: /(?:Received|Sending)\[[^\]]*\]: </, weight: 4 },
  { dialect: 'prosody', re: /\sdebug\t(?:SEND|RECV): </, weight: 4 },
  // Python logging's level name before slixmpp's SEND:/RECV: (libstrophe writes SENT:).
  { dialect: 'slixmpp', re: /^[^<]*\b(?:DEBUG|INFO)\b[^<]*?\b(?:SEND|RECV): </, weight: 4 },
  { dialect: 'slixmpp', re: /^[^<]*\bDEBUG\b\s+(?:Event triggered: |Loaded Plugin: )/, weight: 1 },
  { dialect: 'scansion', re: /^[^\s<][^<]*? (?:sends|receives):\s*$/, weight: 4 },
  { dialect: 'scansion', re: /^\[Client\] /, weight: 2 },
  { dialect: 'tigase-cot', re: /^(?:send|expect)(?:\s+[\w-]+)*\s*:\s*\{?\s*$/, weight: 4 },
  { dialect: 'rfc-transcript', re: /^(?:C|S)\d?: </, weight: 3 },
  { dialect: 'prosody', re: /\t(?:debug|info|warn|error)\t/, weight: 1 },
  { dialect: 'gajim', re: /<!--\s*(?:Incoming|Outgoing)\b.*-->/, weight: 4 },
  { dialect: 'psi', re: /<!--\s*TS:/, weight: 4 },
  { dialect: 'dino', re: /^(?:\u001b\[[\d;]*m)*XMPP (?:IN|OUT)(?: ROOT)?(?: \[|$)/, weight: 4 },
  { dialect: 'xmppjs', re: /^(?:IN|OUT)(?:\s*$|\s+<)/, weight: 2 },
  { dialect: 'xmppjs', re: /^status (?:connecting|connect|opening|open|online|closing|close|disconnecting|disconnect|offline)\b/, weight: 2 },
  { dialect: 'libstrophe', re: /^[^<]*\b(?:SENT|RECV): ?</, weight: 3 },
];

export function detectDialect(text: string): Dialect {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  const scores = new Map<Dialect, number>();
  let start = 0;
  let n = 0;
  while (start < sample.length && n < SAMPLE_LINES) {
    let nl = sample.indexOf('\n', start);
    if (nl === -1) nl = sample.length;
    // Markers sit in a line's head; long payload lines are not searched whole.
    const line = sample.slice(start, Math.min(nl, start + 512));
    start = nl + 1;
    n++;
    if (line.length < 3) continue;
    for (const p of PROBES) {
      if (p.re.test(line)) {
        scores.set(p.dialect, (scores.get(p.dialect) ?? 0) + p.weight);
        // Smack's and xmpppy's lines also look like libstrophe's: the specific probe wins.
        if (p.weight >= 4) break;
      }
    }
  }
  let best: Dialect | undefined;
  let bestScore = 0;
  for (const [d, s] of scores) {
    if (s > bestScore) {
      best = d;
      bestScore = s;
    }
  }
  // A lone generic hit (one `\tinfo\t` in prose) is not enough; a marker line is.
  if (best && bestScore >= 2) return best;
  let i = 0;
  if (sample.charCodeAt(0) === 0xfeff) i = 1;
  while (i < sample.length && /\s/.test(sample[i])) i++;
  if (sample[i] === '<') return 'raw-xml';
  return 'unknown';
}
