// The editor's pieces for #15 against a stand-in for the `vscode` module: the decoded view's
// `@ line:col-line:col` positions become links that select the bytes in the trace, and "Copy as
// openssl Command" writes the server's files into a private temp folder only and copies the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useFakeVscode } from '../helpers/fakeVscode';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const outside = join(tmpdir(), `xmpp-e2e-outside-${process.pid}`);

const clipboard: string[] = [];
const shown: string[] = [];
const makeUri = (s: string, fragment = ''): any => ({
  toString: () => s + (fragment ? `#${fragment}` : ''),
  fragment,
  query: s.includes('?') ? decodeURIComponent(s.slice(s.indexOf('?') + 1)) : '',
  with: (c: { fragment: string }) => makeUri(s, c.fragment),
});
class Range {
  constructor(readonly start: unknown, readonly end: unknown) {}
}
class DocumentLink {
  tooltip?: string;
  constructor(readonly range: Range, readonly target: any) {}
}
const fakeVscode = {
  Uri: { parse: (s: string) => makeUri(s) },
  Range,
  DocumentLink,
  env: { clipboard: { writeText: async (t: string) => void clipboard.push(t) } },
  window: {
    showInformationMessage: async (m: string) => void shown.push(`info: ${m}`),
    showWarningMessage: async (m: string) => void shown.push(`warning: ${m}`),
  },
  languages: { registerDocumentLinkProvider: () => ({ dispose() {} }) },
};
useFakeVscode(fakeVscode);

test('ASN.1 positions in the decoded view link to the trace with the range selected', async () => {
  const { DecodedLinkProvider } = await import('../../client/src/decodedLinks');
  const text = '    4:d=1 hl=2 l=   9 prim:   OBJECT IDENTIFIER: 1.2.840.113549.1.7.2 signedData  @ 24:6-24:21\n   15:d=1 hl=4 l=1465 cons:   [0]  @ 24:21-54:60\n';
  const doc = {
    uri: makeUri(`xmpp-e2e-decoded:/t.xmpp?${encodeURIComponent(JSON.stringify({ uri: 'file:///w/t.xmpp', objectIndex: 0, kind: 'decoded' }))}`),
    getText: () => text,
    positionAt: (o: number) => o,
  };
  const links = new DecodedLinkProvider().provideDocumentLinks(doc as never);
  assert.deepEqual(links.map((l: any) => l.target.toString()), ['file:///w/t.xmpp#L24,6-L24,21', 'file:///w/t.xmpp#L24,21-L54,60']);
  assert.deepEqual(links.map((l: any) => text.slice(l.range.start, l.range.end)), ['@ 24:6-24:21', '@ 24:21-54:60']);
});

test('Copy as openssl Command writes the files into its own temp folder and copies the command', async () => {
  const { copyOpensslCommand } = await import('../../client/src/opensslCommand');
  let dir = '';
  const host = {
    send: async (_m: string, params: any) => {
      dir = params.dir;
      return {
        ok: true,
        files: [
          { path: `${dir}/object-1.eml`, content: 'Content-Type: multipart/signed\r\n' },
          { path: outside, content: 'x' },
        ],
        command: `openssl cms -verify -inform SMIME -in ${dir}/object-1.eml -noverify -out /dev/null`,
        expected: 'success',
        explanation: ['our verdict: signature valid'],
      };
    },
  };
  await copyOpensslCommand(host as never, { uri: 'file:///w/t.xmpp', objectIndex: 0 });
  try {
    assert.match(dir, /xmpp-e2e-openssl-/);
    assert.equal(readFileSync(`${dir}/object-1.eml`, 'utf8'), 'Content-Type: multipart/signed\r\n');
    assert.equal(statSync(`${dir}/object-1.eml`).mode & 0o777, 0o600);
    assert.ok(!existsSync(outside), 'a path outside the folder is never written');
    assert.deepEqual(clipboard, [`openssl cms -verify -inform SMIME -in ${dir}/object-1.eml -noverify -out /dev/null`]);
    assert.match(shown[0], /openssl command copied .* it should succeed: our verdict: signature valid/);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});
