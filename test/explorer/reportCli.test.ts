// `xmpp-e2e report` and `inspect --filter` as users run them (the bundled dist/cli.js) on a
// generated libstrophe log: rows = stanzas, arrows = stanzas, filter counts, no remote asset.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePeer, type Peer } from '../e2e/opensslStanzas';
import { sessionTrace, type SessionTrace } from './sessionTrace';

const cliPath = join(__dirname, '..', '..', 'dist', 'cli.js');
let dir: string;
let p: Peer;
let t: SessionTrace;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-report-'));
  p = makePeer();
  t = sessionTrace(p, 3);
  writeFileSync(join(dir, 'session.log'), t.text);
  writeFileSync(join(dir, 'romeo.key'), readFileSync(p.romeo.keyPath));
  writeFileSync(join(dir, 'romeo.crt'), readFileSync(p.romeo.certPath));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
  p.ws.cleanup();
});

/** Rows of the stanza table, arrows of the diagram and the findings, counted in the HTML text. */
function htmlCounts(html: string) {
  const tbody = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return {
    rows: (tbody.match(/<tr class="stanza"/g) ?? []).length,
    arrows: (html.match(/<g class="arrow[ "]/g) ?? []).length,
    findings: (html.match(/<li class="finding /g) ?? []).length,
  };
}

function assertSelfContained(html: string) {
  assert.doesNotMatch(html, /<(script|link|img|iframe|object)\b/i);
  assert.doesNotMatch(html, /(src|href)\s*=\s*["']?(https?:)?\/\//i);
  assert.doesNotMatch(html, /url\((?!#)|@import/i);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
}

describe('report --format html', () => {
  test('one row and one arrow per stanza; findings with their source lines; objects with signers and certificates', () => {
    const r = cli(['report', '--format', 'html', '--keys', 'romeo.key', '--keys', 'romeo.crt', 'session.log', '-o', 'out.html']);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(join(dir, 'out.html'), 'utf8');
    const c = htmlCounts(html);
    assert.equal(c.rows, t.stanzas);
    assert.equal(c.arrows, t.stanzas);
    assertSelfContained(html);
    assert.match(html, new RegExp(`<span class="shown">${t.stanzas}</span> of <span class="total">${t.stanzas}</span>`));
    assert.ok(c.findings > 0);
    assert.match(html, /e2e\.jid\.mismatch<\/code><\/strong> line \d+:\d+ \(stanza \d+\)/);
    assert.match(html, /<pre>[^<]*mallory@example\.org/);
    assert.match(html, /Layers: <code>application\/pkcs7-mime/);
    assert.match(html, /-----BEGIN CERTIFICATE-----/);
    assert.ok(html.includes('“Hello | fair &lt;Juliet&gt; &amp; all”'), 'the body excerpt, escaped');
    assert.doesNotMatch(html, /xml\.malformed/);
  });

  test('--filter: the table, the diagram and the findings follow it', () => {
    const r = cli(['report', '--filter', 'from:juliet@example.com kind:message', 'session.log']);
    assert.equal(r.code, 0, r.stderr);
    const c = htmlCounts(r.stdout);
    const expected = t.fromJuliet - 2; // her presence and her disco error are not messages
    assert.equal(c.rows, expected);
    assert.equal(c.arrows, expected);
    const dirIn = htmlCounts(cli(['report', '--filter', 'dir:in', 'session.log']).stdout);
    assert.equal(dirIn.rows, t.stanzas - t.sent);
    const altered = htmlCounts(cli(['report', '--filter', 'code:e2e.sig.invalid', 'session.log']).stdout);
    assert.equal(altered.rows, 1);
    assert.ok(altered.findings >= 1);
  });

  test('a bad filter is a usage error (exit 2) with the reason', () => {
    const r = cli(['report', '--filter', 'colour:red', 'session.log']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown filter field "colour:"/);
  });
});

describe('report --format md', () => {
  test('a Markdown table row and a Mermaid arrow per stanza', () => {
    const r = cli(['report', '--format', 'md', 'session.log']);
    assert.equal(r.code, 0, r.stderr);
    const md = r.stdout;
    const table = md.slice(md.indexOf('### Stanzas'), md.indexOf('### Sequence'));
    const rows = table.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    assert.equal(rows.length, t.stanzas);
    // The pipe in a body is escaped: every row has the same number of cells.
    for (const l of rows) assert.equal(l.split(/(?<!\\)\|/).length, 12, l);
    const arrows = md.split('\n').filter((l) => /^ {2}P\d+-{1,2}>>P\d+: /.test(l));
    assert.equal(arrows.length, t.stanzas);
    assert.doesNotMatch(md, /!\[|<img|(src|href)=/);
  });
});

describe('inspect --filter', () => {
  test('reports only the findings and objects of the stanzas the filter keeps', () => {
    const keys = ['--keys', 'romeo.key', '--keys', 'romeo.crt'];
    const all = JSON.parse(cli(['inspect', '--format', 'json', ...keys, 'session.log']).stdout);
    const mallory = JSON.parse(cli(['inspect', '--format', 'json', ...keys, '--filter', 'from:mallory@example.org', 'session.log']).stdout);
    assert.equal(all.files[0].objects.length, t.e2e);
    assert.equal(mallory.files[0].objects.length, 1);
    const codes = mallory.files[0].diagnostics.map((d: { code: string }) => d.code);
    assert.ok(codes.includes('e2e.jid.mismatch'), codes.join());
    assert.ok(mallory.files[0].diagnostics.length < all.files[0].diagnostics.length);
    const clean = cli(['inspect', '--filter', 'kind:iq', 'session.log']);
    assert.equal(clean.code, 0, clean.stdout);
    assert.equal(cli(['inspect', '--filter', 'kind:stanza', 'session.log']).code, 2);
  });
});
