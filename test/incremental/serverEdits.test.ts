// The language server's incremental path end to end: a document edited version by version (typing,
// tampering with a signed object, pasting and deleting stanzas) shows, after every edit, the
// diagnostics the same text gets when opened fresh in another document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspTestClient, fileUri } from '../lsp/lspClient';
import { makeLargeTrace, T0, testKeys } from '../../scripts/large-trace';

const k = testKeys();

const key = (d: { range: unknown; code?: unknown; message: unknown; severity?: unknown }) => JSON.stringify([d.range, d.code, d.severity, d.message]);

test('edited version by version, a trace shows what a fresh open of the same text shows', async () => {
  const c = await LspTestClient.start({ initializationOptions: { settings: { now: new Date(T0 + 5000).toISOString() } } });
  try {
    let text = makeLargeTrace(300, 20, k).text;
    const uri = fileUri('/tmp/xmpp-e2e-incremental/edited.xml');
    await c.open(uri, 'xmpp-trace', text);
    await c.diagnostics(uri);
    const sealedAt = (n: number) => text.indexOf('<![CDATA[', text.indexOf(`id='s`, Math.floor((text.length * n) / 10)));
    const edits: ((t: string) => string)[] = [
      (t) => t.replace('Hello number 12 ', 'Hello number 12x '),
      // Tamper with the signed content of one object and break the base64 of another.
      (t) => {
        const i = t.indexOf('Sealed message', sealedAt(3));
        return t.slice(0, i) + 'Sealed massage' + t.slice(i + 14);
      },
      (t) => {
        const i = t.indexOf('\n', sealedAt(6) + 400) + 5;
        return t.slice(0, i) + '!' + t.slice(i + 1);
      },
      (t) => t.replace("<iq type='get' id='id99'", "<iq type='get' id='id99' from=''"),
      (t) => {
        const a = t.indexOf("<presence from='romeo", Math.floor(t.length / 2));
        return t.slice(0, a) + t.slice(t.indexOf('</presence>', a) + 11);
      },
      (t) => t.replace('Hello number 12x ', 'Hello number 12 '),
    ];
    for (const [i, edit] of edits.entries()) {
      const next = edit(text);
      assert.notEqual(next, text, `edit ${i} changed nothing`);
      text = next;
      await c.change(uri, text);
      const incremental = (await c.diagnostics(uri)).map(key).sort();
      const freshUri = fileUri(`/tmp/xmpp-e2e-incremental/fresh${i}.xml`);
      await c.open(freshUri, 'xmpp-trace', text);
      const fresh = (await c.diagnostics(freshUri)).map(key).sort();
      await c.close(freshUri);
      assert.deepEqual(incremental, fresh, `after edit ${i}`);
      if (i === 1) assert.ok(fresh.length > 0, 'the tampered object is reported');
    }
  } finally {
    await c.shutdown();
  }
});

test('ranged changes, several to a notification and several notifications to an analysis, show what a fresh open shows', async () => {
  const c = await LspTestClient.start({ initializationOptions: { settings: { now: new Date(T0 + 5000).toISOString() } } });
  try {
    const uri = fileUri('/tmp/xmpp-e2e-incremental/ranged.xml');
    await c.open(uri, 'xmpp-trace', makeLargeTrace(300, 20, k).text);
    await c.diagnostics(uri);
    const at = (needle: string, n: number) => {
      const t = c.text(uri);
      return t.indexOf(needle, Math.floor((t.length * n) / 10));
    };
    const rounds: (() => { start: number; end: number; text: string }[][])[] = [
      // Typing three characters, one notification each, before anything is read.
      () => [0, 1, 2].map((i) => [{ start: at('<body>Hello number', 2) + 6 + i, end: at('<body>Hello number', 2) + 6 + i, text: 'xyz'[i] }]),
      // Two changes in one notification: the second range is in the text the first made.
      () => {
        const a = at('Sealed message', 4);
        const b = at('<body>Hello number', 8) + 6;
        return [[{ start: b, end: b + 5, text: 'Bye' }, { start: a, end: a + 6, text: 'Sea1ed' }]];
      },
      // A deleted stanza and a pasted line break.
      () => {
        const a = at("<presence from='romeo", 5);
        const e = c.text(uri).indexOf('</presence>', a) + 11;
        return [[{ start: a, end: e, text: '' }], [{ start: a, end: a, text: '\n\n' }]];
      },
    ];
    for (const [i, round] of rounds.entries()) {
      for (const changes of round()) await c.changeRanges(uri, changes);
      const incremental = (await c.diagnostics(uri)).map(key).sort();
      const freshUri = fileUri(`/tmp/xmpp-e2e-incremental/ranged-fresh${i}.xml`);
      await c.open(freshUri, 'xmpp-trace', c.text(uri));
      const fresh = (await c.diagnostics(freshUri)).map(key).sort();
      await c.close(freshUri);
      assert.deepEqual(incremental, fresh, `after round ${i}: ${JSON.stringify(incremental.filter((d) => !fresh.includes(d)))} / ${JSON.stringify(fresh.filter((d) => !incremental.includes(d)))}`);
      if (i === 1) assert.ok(fresh.length > 0, 'the tampered object is reported');
    }
  } finally {
    await c.shutdown();
  }
});
