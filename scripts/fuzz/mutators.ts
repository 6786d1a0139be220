// Structure-aware mutations: each input kind gets edits that keep it close to valid (so the deep
// paths run) plus the shapes that break parsers: lengths, nesting, unclosed markup, repetition.
import type { FuzzInput, Target } from './targets';

/** xorshift32: deterministic per (seed, input index), so any input can be made again from its number. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number {
    return n <= 1 ? 0 : this.next() % n;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.next() / 0x100000000 < p;
  }
}

export function inputRng(seed: number, index: number): Rng {
  return new Rng(Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) ^ Math.imul(index + 1, 0x165667b1));
}

/** Inputs stay below this size (a grown input is cut back); `--max-chars` changes it. */
let MAX_CHARS = 256 * 1024;

export function setMaxChars(n: number): void {
  MAX_CHARS = n;
}

const XML_TOKENS = [
  '<', '>', '/>', '</', '"', "'", '=', '&', '&amp;', '&#x0;', '&#xD800;', '&#65;', '&lt', '&unknown;', '<!--', '-->', '<![CDATA[', ']]>', ']]]]><![CDATA[>',
  '<?xml version="1.0"?>', '?>', '<!DOCTYPE x [<!ENTITY a "&a;&a;">]>', '<!DOCTYPE x SYSTEM "file:///etc/passwd">', 'xmlns=', "xmlns:stream='http://etherx.jabber.org/streams'",
  '<stream:stream>', '</stream:stream>', '<message>', '</message>', '<presence/>', '<iq type="result">', '</iq>', '<body>', '</body>', "<e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'>",
  '</e2e>', "<delay xmlns='urn:xmpp:delay' stamp='2026-11-01T10:00:00Z'/>", "<x xmlns='jabber:x:delay' stamp='20261101T10:00:00'/>", "<forwarded xmlns='urn:xmpp:forward:0'>",
  "<body xmlns='http://jabber.org/protocol/httpbind'>", "from='a@example.com/r'", "to='b@example.com'", " type='error'", "<error type='modify'><decryption-failed xmlns='urn:ietf:params:xml:ns:xmpp-e2e'/></error>",
  '\u0000', '\ufffd', '\ud800', '\r\n', '\n', '\t', ' ', '\u00e9', '\u{1F600}',
];
const LOG_PREFIXES = [
  '  xmpp:connection send: ', '  xmpp:connection receive: ', '2026-11-01T10:00:00.000Z xmpp:client receive: ', ' +3ms', '10:23:47 SENT (0): ', '10:23:47 RECV (0): ',
  'DEBUG:xmpp:SENT: ', '2026-11-01 10:00:00,000 - SENT: - ', 'xmpp DEBUG SENT: ', 'conn RECV: ', '2026.11.01 10:00:00 C2S - RECV (1520117): ', '2026.11.01 10:00:00 C2S - SENT (1): ',
  'IN\n', 'OUT\n', 'status online a@example.com/r\n', '<!-- Incoming 10:00:00 -->\n', '<!-- Outgoing 10:00:00 -->\n', '<!-- TS:2026-11-01T10:00:00Z -->\n', 'XMPP IN [a@example.com]\n',
  "2026-11-01 10:00:00.000000+00:00 [debug] <0.601.0>@ejabberd_c2s:send/2:120 (tcp|<0.601.0>) Send XML on stream = <<\"", '">>\n',
  '2026-11-01 10:00:00.000 [in_0-proc] SessionManager.processPacket() FINEST: DATA=<message/>, SIZE=10\n', 'c2s55d0 Received[c2s]: <message>\n', 'c2s55d0 Sending[c2s]: <message>\n',
];
const MIME_TOKENS = [
  'Content-Type: multipart/signed; boundary="b"; protocol="application/pkcs7-signature"; micalg=sha-1\r\n', 'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\n',
  'Content-Type: application/pkcs7-mime; smime-type=signed-data\r\n', 'Content-Type: application/pkcs7-signature\r\n', 'Content-Type: Message/CPIM\r\n', 'Content-Type: application/pidf+xml\r\n',
  'Content-Type: application/xmpp+xml\r\n', 'Content-Transfer-Encoding: base64\r\n', 'Content-Transfer-Encoding: quoted-printable\r\n', '\r\n--b\r\n', '\r\n--b--\r\n', '\r\n\r\n', ';boundary=', ' \r\n\t',
  'protocol=application/pkcs7-signature', 'micalg=md5', 'boundary=""',
];
const CPIM_TOKENS = [
  'From: Juliet <im:juliet@example.com>\r\n', 'To: <im:romeo@example.net>\r\n', 'DateTime: 2026-11-01T10:00:00Z\r\n', 'DateTime: 2026-11-01T10:00:00+01:00\r\n', 'from: x\r\n', 'datetime: 1\r\n',
  'NS: MyFeatures <mid:MessageFeatures@id.foo.com>\r\n', 'MyFeatures.WishList: x\r\n', 'cc: <im:a@b>\r\n', 'Subject:;lang=fr x\r\n', '  folded\r\n', 'Content-type: text/plain; charset=utf-8\r\n', 'Content-ID: <1234567890@foo.com>\r\n',
  '<im:a@b@c>', '<>', '"Quoted \\" name" <im:a@example.com>', 'im:', 'xmpp:a@example.com?message',
];
const PIDF_TOKENS = [
  '<tuple id="t1">', '<tuple>', '</tuple>', '<status><basic>open</basic></status>', '<basic>maybe</basic>', '<timestamp>2026-11-01T10:00:00Z</timestamp>', '<timestamp>2026-11-01t10:00:00z</timestamp>',
  '<note xml:lang="en">x</note>', '<contact priority="0.8">im:a@example.com</contact>', 'entity="pres:a@example.com"', 'entity="sip:a@b"', 'xmlns="urn:ietf:params:xml:ns:pidf"', '<presence', '</presence>',
];
const ERLANG_TOKENS = ['\\"', '\\\\', '\\n', '\\r\\n', '\\t', '\\x{c3}\\xa9', '\\x{', '\\x{110000}', '\\xZZ', '\\303\\251', '\\3', '\\^A', '\\e', '\\', '"', '>>', '<<"', '">>', '\\x{1F600}', '~n'];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function tokensFor(target: Target): readonly string[][] {
  switch (target) {
    case 'cpim':
      return [CPIM_TOKENS, MIME_TOKENS, XML_TOKENS];
    case 'pidf':
      return [PIDF_TOKENS, XML_TOKENS];
    case 'erlang':
      return [ERLANG_TOKENS];
    default:
      return [XML_TOKENS, LOG_PREFIXES, MIME_TOKENS, CPIM_TOKENS, PIDF_TOKENS, ERLANG_TOKENS];
  }
}

/** One mutated input from `seed` (and maybe a second seed to splice from). */
export function mutate(seed: FuzzInput, other: FuzzInput, rng: Rng): FuzzInput {
  if (seed.target === 'der') return { target: 'der', text: Buffer.from(mutateDer(new Uint8Array(Buffer.from(seed.text, 'base64')), rng)).toString('base64') };
  let t = seed.text;
  const n = 1 + rng.int(rng.chance(0.2) ? 12 : 4);
  for (let k = 0; k < n; k++) t = mutateText(t, seed.target, other.text, rng);
  if (t.length > MAX_CHARS) t = t.slice(0, MAX_CHARS);
  return { target: seed.target, text: t };
}

function mutateText(t: string, target: Target, other: string, rng: Rng): string {
  const p = rng.int(t.length + 1);
  switch (rng.int(14)) {
    case 0: // insert a token of the input's kind
    case 1: {
      const set = rng.pick(tokensFor(target));
      return t.slice(0, p) + rng.pick(set) + t.slice(p);
    }
    case 2: // delete a range
      return t.slice(0, p) + t.slice(p + 1 + rng.int(rng.chance(0.1) ? 2000 : 40));
    case 3: // flip one character
      return p < t.length ? t.slice(0, p) + String.fromCharCode(t.charCodeAt(p) ^ (1 << rng.int(8))) + t.slice(p + 1) : t;
    case 4: // truncate
      return t.slice(0, p);
    case 5: // duplicate a range in place
    {
      const len = 1 + rng.int(200);
      return t.slice(0, p + len) + t.slice(p, p + len) + t.slice(p + len);
    }
    case 6: // splice a piece of another seed
    {
      const q = rng.int(other.length + 1);
      return t.slice(0, p) + other.slice(q, q + 1 + rng.int(400)) + t.slice(p);
    }
    case 7: // repeat a short piece many times: deep nesting, long runs, many attributes
    {
      const set = rng.pick(tokensFor(target));
      const piece = rng.chance(0.5) ? rng.pick(set) : t.slice(p, p + 1 + rng.int(16));
      const times = 2 + rng.int(rng.chance(0.04) ? 20000 : 200);
      return t.slice(0, p) + piece.repeat(Math.min(times, Math.floor(MAX_CHARS / Math.max(1, piece.length)))) + t.slice(p);
    }
    case 8: // a log line of some dialect at a line start
    {
      const nl = t.lastIndexOf('\n', p);
      const at = nl + 1;
      return t.slice(0, at) + rng.pick(LOG_PREFIXES) + t.slice(at);
    }
    case 9: // line ends: CRLF <-> LF
      return rng.chance(0.5) ? t.replace(/\r\n/g, '\n') : t.replace(/(?<!\r)\n/g, '\r\n');
    case 10: // edit inside a base64 run
      return editBase64(t, rng);
    case 11: // CDATA <-> escaped text (as servers re-serialise)
    {
      const a = t.indexOf('<![CDATA[', p);
      if (a === -1) return t;
      const b = t.indexOf(']]>', a);
      if (b === -1) return t;
      const inner = t.slice(a + 9, b).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      return t.slice(0, a) + inner + t.slice(b + 3);
    }
    case 12: // an Erlang escape inside a <<"...">> binary (or anywhere)
    {
      const a = t.indexOf('<<"', p);
      const at = a === -1 ? p : a + 3 + rng.int(200);
      return t.slice(0, at) + rng.pick(ERLANG_TOKENS) + t.slice(at);
    }
    default: // the DER inside a base64 body, mutated structurally
      return editDerInBase64(t, rng);
  }
}

/** A base64 run of at least 40 characters at or after `from`, or undefined. */
function base64Run(t: string, rng: Rng): [number, number] | undefined {
  const re = /[A-Za-z0-9+/=\r\n]{40,}/g;
  re.lastIndex = rng.int(t.length);
  const m = re.exec(t) ?? ((re.lastIndex = 0), re.exec(t));
  return m ? [m.index, m.index + m[0].length] : undefined;
}

function editBase64(t: string, rng: Rng): string {
  const run = base64Run(t, rng);
  if (!run) return t;
  const p = run[0] + rng.int(run[1] - run[0]);
  switch (rng.int(4)) {
    case 0:
      return t.slice(0, p) + B64[rng.int(64)] + t.slice(p + 1);
    case 1:
      return t.slice(0, p) + '=' + t.slice(p);
    case 2:
      return t.slice(0, p) + rng.pick([' ', '\r\n', '\n', '*', '-', '\u00e9']) + t.slice(p);
    default:
      return t.slice(0, p) + t.slice(p + 1 + rng.int(8));
  }
}

function editDerInBase64(t: string, rng: Rng): string {
  const run = base64Run(t, rng);
  if (!run) return t;
  const raw = t.slice(run[0], run[1]);
  const bytes = new Uint8Array(Buffer.from(raw.replace(/[\r\n]/g, ''), 'base64'));
  if (bytes.length < 4) return t;
  const mutated = Buffer.from(mutateDer(bytes, rng)).toString('base64');
  const wrapped = raw.includes('\n') ? (mutated.match(/.{1,76}/g) ?? []).join('\r\n') : mutated;
  return t.slice(0, run[0]) + wrapped + t.slice(run[1]);
}

/** TLV headers of the DER (outer first, depth-first), as offsets of identifier and length octets. */
function tlvHeaders(b: Uint8Array): { at: number; lenAt: number; lenBytes: number; contentAt: number; len: number }[] {
  const out: { at: number; lenAt: number; lenBytes: number; contentAt: number; len: number }[] = [];
  const walk = (start: number, end: number, depth: number): void => {
    let p = start;
    while (p < end && out.length < 2000 && depth < 40) {
      const at = p;
      const id = b[p++];
      if ((id & 0x1f) === 0x1f) while (p < end && b[p++] & 0x80);
      if (p >= end) return;
      const lenAt = p;
      let len = b[p++];
      let lenBytes = 1;
      if (len & 0x80) {
        const n = len & 0x7f;
        if (n === 0 || n > 4 || p + n > end) return;
        len = 0;
        for (let i = 0; i < n; i++) len = len * 256 + b[p++];
        lenBytes = 1 + n;
      }
      out.push({ at, lenAt, lenBytes, contentAt: p, len });
      if (id & 0x20) walk(p, Math.min(end, p + len), depth + 1);
      p += len;
    }
  };
  walk(0, b.length, 0);
  return out;
}

/** Length edits (indefinite, huge, off by one), tag edits, truncation, nesting and byte flips. */
export function mutateDer(b: Uint8Array, rng: Rng): Uint8Array {
  const heads = tlvHeaders(b);
  const h = heads.length ? rng.pick(heads) : undefined;
  const copy = (): Uint8Array => Uint8Array.from(b);
  const splice = (at: number, del: number, ins: number[]): Uint8Array => {
    at = Math.min(at, b.length);
    del = Math.min(del, b.length - at);
    const out = new Uint8Array(b.length - del + ins.length);
    out.set(b.subarray(0, at), 0);
    out.set(ins, at);
    out.set(b.subarray(at + del), at + ins.length);
    return out;
  };
  switch (h ? rng.int(9) : 8) {
    case 0: // indefinite length (BER), with or without the end-of-contents
    {
      const out = splice(h!.lenAt, h!.lenBytes, [0x80]);
      if (!rng.chance(0.5)) return out;
      const eoc = new Uint8Array(out.length + 2);
      eoc.set(out, 0);
      return eoc;
    }
    case 1: // a huge length
      return splice(h!.lenAt, h!.lenBytes, rng.pick([[0x84, 0xff, 0xff, 0xff, 0xff], [0x84, 0x7f, 0xff, 0xff, 0xff], [0x88, 1, 2, 3, 4, 5, 6, 7, 8], [0x81, 0xff]]));
    case 2: // off by one
    {
      const c = copy();
      const last = h!.lenAt + h!.lenBytes - 1;
      c[last] = (c[last] + (rng.chance(0.5) ? 1 : 255)) & 0xff;
      return c;
    }
    case 3: // another tag
    {
      const c = copy();
      c[h!.at] = rng.pick([0x30, 0x31, 0x02, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x17, 0x18, 0x24, 0xa0, 0xa1, 0xa3, 0x80, 0x1f, 0xff, 0x00]);
      return c;
    }
    case 4: // truncate inside this element
      return b.subarray(0, h!.contentAt + rng.int(h!.len + 1));
    case 5: // wrap in many constructed levels (an ASN.1 bomb in depth)
    {
      const elEnd = Math.min(b.length, h!.contentAt + h!.len);
      let inner = b.subarray(h!.at, elEnd);
      const levels = 1 + rng.int(rng.chance(0.2) ? 3000 : 20);
      const parts: number[] = [];
      for (let i = 0; i < levels; i++) parts.push(0x30, 0x80);
      const tail: number[] = [];
      for (let i = 0; i < levels; i++) tail.push(0, 0);
      inner = Uint8Array.from([...parts, ...inner, ...tail]);
      const out = new Uint8Array(b.length - (elEnd - h!.at) + inner.length);
      out.set(b.subarray(0, h!.at), 0);
      out.set(inner, h!.at);
      out.set(b.subarray(elEnd), h!.at + inner.length);
      return out;
    }
    case 6: // duplicate this element (SET OF with thousands of members)
    {
      const el = b.subarray(h!.at, h!.contentAt + h!.len);
      const times = 1 + rng.int(rng.chance(0.1) ? 2000 : 8);
      const ins: number[] = [];
      for (let i = 0; i < times && ins.length < 200_000; i++) for (const x of el) ins.push(x);
      return splice(h!.contentAt + h!.len, 0, ins);
    }
    case 7: // an empty content
      return splice(h!.lenAt, h!.lenBytes + h!.len, [0]);
    default: // byte flips
    {
      const c = copy();
      for (let i = 0, n = 1 + rng.int(4); i < n && c.length; i++) c[rng.int(c.length)] ^= 1 << rng.int(8);
      return c;
    }
  }
}
