// An S/MIME signature logged by ejabberd inside an Erlang binary (CR LF as \r\n, quotes as \",
// UTF-8 as octal byte escapes) still verifies once the trace parser has undone the escapes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrace } from '../../server/src/core/trace/parseTrace';

const dir = mkdtempSync(join(tmpdir(), 'e2e-ejabberd-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Erlang ~p of a binary: printable ASCII as is, the rest escaped (UTF-8 bytes in octal). */
function erlangEscape(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\' + b.toString(8).padStart(3, '0');
  }
  return out;
}

function verifies(content: Buffer): boolean {
  writeFileSync(join(dir, 'check.txt'), content);
  try {
    openssl(['smime', '-verify', '-noverify', '-in', 'check.txt', '-out', 'verified.txt']);
    return true;
  } catch {
    return false;
  }
}

test('a multipart/signed object logged by ejabberd verifies after unescaping', () => {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=juliet@example.com', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2']);
  const cpim = 'Content-Type: Message/CPIM\r\n\r\nFrom: Juliet <im:juliet@example.com>\r\nTo: Romeo <im:romeo@example.net>\r\nDateTime: 2024-01-15T10:23:41Z\r\n\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWherefore art thou, Rom\u00e9o? "quoted" \\ back\r\n';
  writeFileSync(join(dir, 'part.txt'), Buffer.from(cpim, 'utf8'));
  openssl(['smime', '-sign', '-binary', '-in', 'part.txt', '-signer', 'cert.pem', '-inkey', 'key.pem', '-out', 'signed.txt']);
  const signed = readFileSync(join(dir, 'signed.txt'));
  assert.ok(verifies(signed), 'the original verifies');

  const stanza = Buffer.concat([
    Buffer.from("<message from='juliet@example.com/balcony' to='romeo@example.net' id='sig1'><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'><![CDATA["),
    signed,
    Buffer.from(']]></e2e></message>'),
  ]);
  const log =
    '2024-01-15 10:23:41.000 [debug] <0.704.0>@ejabberd_receiver:process_data:284 Received XML on stream = <<"' +
    erlangEscape(stanza) +
    '">>\n2024-01-15 10:23:41.100 [info] <0.705.0>@ejabberd_c2s:wait_for_stream:400 done\n';
  const t = parseTrace(log);
  assert.equal(t.dialect, 'ejabberd');
  assert.equal(t.stanzas.length, 1);
  const e = t.stanzas[0].e2e[0];
  assert.ok(e.isCdata);
  const bytes = Buffer.from(e.content, 'utf8');
  assert.ok(bytes.equals(signed), 'the unescaped content is the signed object, byte for byte');
  assert.ok(verifies(bytes), 'the unescaped object verifies');
  // Control: one changed byte of the signed part no longer verifies.
  const tampered = Buffer.from(e.content.replace('Rom\u00e9o', 'Rom\u00e8o'), 'utf8');
  assert.equal(verifies(tampered), false);
  // The content span is the escaped text in the file, between `<![CDATA[` and `]]>`.
  assert.equal(log.slice(e.contentSpan.start - 9, e.contentSpan.start), '<![CDATA[');
  assert.equal(log.slice(e.contentSpan.end, e.contentSpan.end + 3), ']]>');
});
