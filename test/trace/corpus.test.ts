// The real captures in ../shared/corpus/traces: each parses without throwing, in the expected
// dialect, with stanza counts checked by hand (grep) against the files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseTrace } from '../../server/src/core/trace/parseTrace';
import type { Dialect } from '../../server/src/core/types';
import { corpusDir } from '../helpers/corpus';

const CORPUS = resolve(corpusDir, 'traces');
const present = existsSync(CORPUS);
if (!present) console.log(`corpus traces not found at ${CORPUS}: the real-capture checks are left out`);

interface Known {
  file: string;
  dialect: Dialect;
  stanzas: number;
  e2e: number;
  /** Stanza count per `kind:direction`, when checked. */
  byKind?: Record<string, number>;
  findings?: Record<string, number>;
  /** trace.stanza.truncated count alone. */
  truncated?: number;
}

const KNOWN: Known[] = [
  // grep -c over `<ctime> - SENT|RECV: - <message|presence|iq`
  { file: 'xmpppy_confbot_gtalk_sent_recv.log', dialect: 'xmpppy', stanzas: 31, e2e: 0, byKind: { 'message:in': 10, 'message:out': 8, 'presence:in': 3, 'presence:out': 4, 'iq:in': 3, 'iq:out': 3 }, findings: {} },
  // Stanzas in the Erlang binaries of `Send|Received XML on stream` lines (a Python count of the unescaped text).
  { file: 'ejabberd_16.04_lager_debug.log', dialect: 'ejabberd', stanzas: 525, e2e: 0, byKind: { 'iq:in': 188, 'iq:out': 191, 'presence:in': 95, 'presence:out': 48, 'message:out': 3 } },
  // Logged at info: no stanza, and one finding that says ejabberd logs them at loglevel debug.
  { file: 'ejabberd_23.01_info.log', dialect: 'ejabberd', stanzas: 0, e2e: 0, findings: { 'trace.format.noStanzas': 1 } },
  // grep -o 'DATA=<(message|presence|iq)' | wc -l = 866 + 867 + 3221; 78 dumps the logger cut with ` ... `.
  // Packets the server built itself hold bare `&` / `<` in JSON bodies: the dump prints them as stored, no xml.malformed.
  { file: 'tigase_finest_cluster.log', dialect: 'tigase', stanzas: 4954, e2e: 0, truncated: 78, findings: { 'trace.stanza.truncated': 78 } },
  // Only the router's `send:` of the message; `recieved stanza` echoes are not capture lines.
  { file: 'nodexmpp_s2s_debug.log', dialect: 'node-xmpp', stanzas: 1, e2e: 0, findings: {} },
  { file: 'xmppjs_debug_console_output.txt', dialect: 'xmppjs', stanzas: 8, e2e: 0, byKind: { 'iq:out': 1, 'iq:in': 1, 'presence:out': 2, 'presence:in': 2, 'message:out': 1, 'message:in': 1 }, findings: {} },
  { file: 'prosody_s2s_docker_debug.log', dialect: 'prosody', stanzas: 0, e2e: 0, findings: { 'trace.format.lossy': 1 } },
  { file: 'prosody_0.12_default.log', dialect: 'prosody', stanzas: 0, e2e: 0, findings: { 'trace.format.noStanzas': 1 } },
  { file: 'rfc3923_e2e_signed_message.xml', dialect: 'raw-xml', stanzas: 1, e2e: 1, findings: {} },
  { file: 'rfc3923_e2e_signed_presence.xml', dialect: 'raw-xml', stanzas: 1, e2e: 1, findings: {} },
  { file: 'rfc3923_e2e_encrypted_message.xml', dialect: 'raw-xml', stanzas: 1, e2e: 1, findings: {} },
  { file: 'rfc3923_e2e_encrypted_presence.xml', dialect: 'raw-xml', stanzas: 1, e2e: 1, findings: {} },
  { file: 'rfc3923_e2e_error_stanzas.xml', dialect: 'raw-xml', stanzas: 3, e2e: 3, findings: {} },
  { file: 'draft-saintandre-sip-xmpp-presence-02_presence_with_pidf.xml', dialect: 'raw-xml', stanzas: 1, e2e: 0, findings: {} },
  // Scripts: grep -cE ' (sends|receives):$' equals grep -cP '^\t<(message|presence|iq)\b' (one stanza per step).
  { file: 'prosody_scansion_basic_message.scs', dialect: 'scansion', stanzas: 25, e2e: 0, byKind: { 'presence:out': 4, 'presence:in': 6, 'message:out': 7, 'message:in': 8 }, findings: {} },
  { file: 'prosody_scansion_mam_extended.scs', dialect: 'scansion', stanzas: 14, e2e: 0, findings: {} },
  { file: 'prosody_scansion_muc_show_offline.scs', dialect: 'scansion', stanzas: 76, e2e: 0, findings: {} },
  { file: 'prosody_scansion_pep_publish_subscribe.scs', dialect: 'scansion', stanzas: 57, e2e: 0, findings: {} },
  { file: 'tigase_testsuite_MessageSendFullJidOK.cot', dialect: 'tigase-cot', stanzas: 2, e2e: 0, byKind: { 'message:out': 1, 'message:in': 1 }, findings: {} },
  { file: 'tigase_testsuite_PacketOrderTest.cot', dialect: 'tigase-cot', stanzas: 69, e2e: 0, findings: {} },
  // grep -cE '^(C|S)[0-9]?: <(message|iq|presence)'; an entry ends where its XML is complete.
  { file: 'rfc6120_sec9.1_c2s_annotated.txt', dialect: 'rfc-transcript', stanzas: 5, e2e: 0, byKind: { 'iq:out': 1, 'iq:in': 2, 'message:out': 1, 'message:in': 1 }, findings: {} },
  { file: 'rfc6120_sec9.2_s2s_annotated.txt', dialect: 'rfc-transcript', stanzas: 1, e2e: 0, byKind: { 'message:out': 1 } },
  // A XEP's source: the C:/S: transcripts in its <example/> sections, not its prose (DTD entities).
  { file: 'xep-0198_stream_management_source.xml', dialect: 'rfc-transcript', stanzas: 16, e2e: 0, findings: {} },
  // A .cot script: 100 messages sent, 100 expected.
  { file: 'tigase_testsuite_TesterMessage10.cot', dialect: 'tigase-cot', stanzas: 200, e2e: 0, byKind: { 'message:out': 100, 'message:in': 100 }, findings: {} },
];

for (const k of KNOWN) {
  test(`corpus: ${k.file}`, { skip: !present && 'corpus absent' }, () => {
    const text = readFileSync(join(CORPUS, k.file), 'utf8');
    const t = parseTrace(text);
    assert.equal(t.dialect, k.dialect);
    assert.equal(t.stanzas.length, k.stanzas);
    assert.equal(t.stanzas.reduce((n, s) => n + s.e2e.length, 0), k.e2e);
    if (k.byKind && Object.keys(k.byKind).length) {
      const by: Record<string, number> = {};
      for (const s of t.stanzas) by[`${s.kind}:${s.direction}`] = (by[`${s.kind}:${s.direction}`] ?? 0) + 1;
      assert.deepEqual(by, k.byKind);
    }
    if (k.findings) {
      const by: Record<string, number> = {};
      for (const f of t.findings) by[f.code] = (by[f.code] ?? 0) + 1;
      assert.deepEqual(by, k.findings);
    }
    if (t.dialect === 'scansion' || t.dialect === 'rfc-transcript') assert.ok(t.stanzas.every((s) => s.stream), 'every step names its party');
    if (k.truncated !== undefined) assert.equal(t.findings.filter((f) => f.code === 'trace.stanza.truncated').length, k.truncated);
    for (const s of t.stanzas) {
      assert.equal(text[s.element.span.start], '<');
      if (s.time) assert.equal(text.slice(s.time.span.start, s.time.span.end), s.time.text);
    }
  });
}

test('corpus: the RFC 3923 signed message e2e content is its CDATA, exactly', { skip: !present && 'corpus absent' }, () => {
  const text = readFileSync(join(CORPUS, 'rfc3923_e2e_signed_message.xml'), 'utf8');
  const e = parseTrace(text).stanzas[0].e2e[0];
  assert.equal(e.isCdata, true);
  // Character data from the start tag's end (indentation, then the CDATA section) to the end tag.
  assert.equal(e.contentSpan.start, e.element.startTagEnd);
  assert.equal(text.slice(e.contentSpan.end, e.contentSpan.end + 6), '</e2e>');
  const raw = text.slice(e.contentSpan.start, e.contentSpan.end);
  const cdata = raw.slice(raw.indexOf('<![CDATA[') + 9, raw.lastIndexOf(']]>'));
  assert.equal(e.content.trim(), cdata.trim());
  assert.match(e.content, /Content-Type: multipart\/signed/);
});

test('corpus: every trace parses without throwing', { skip: !present && 'corpus absent' }, async () => {
  const { readdirSync } = await import('node:fs');
  for (const f of readdirSync(CORPUS)) {
    const text = readFileSync(join(CORPUS, f), 'utf8');
    const t = parseTrace(text);
    assert.ok(Array.isArray(t.stanzas), f);
    for (const x of t.findings) assert.ok(x.span.start >= 0 && x.span.end <= text.length, `${f}: finding in range`);
  }
});
