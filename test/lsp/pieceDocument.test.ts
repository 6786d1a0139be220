// The server's document in pieces behaves as vscode-languageserver-textdocument's on every edit:
// text, line count, positions both ways, line ranges and line ends, over random ranged changes
// (several per update, reversed ranges, CR, LF and CRLF, edits across pieces' edges, pieces
// emptied and grown past their size) and whole-text replacements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PieceDocument } from '../../server/src/lsp/pieceDocument';

/** A seeded generator: `rnd(n)` in [0, n), `words(n)`: n tokens of `alphabet` (line breaks of every kind, astral characters). */
function randomText(seed: number, alphabet: string[]) {
  let x = seed;
  const rnd = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x % n);
  const words = (n: number) => Array.from({ length: n }, () => alphabet[rnd(alphabet.length)]).join('');
  return { rnd, words };
}

/** The same text as a TextDocument (the reference) and as a PieceDocument of `size`-character pieces. */
function twins(initial: string, size: number) {
  return { ref: TextDocument.create('file:///r.xml', 'xmpp-trace', 1, initial), doc: new PieceDocument('file:///r.xml', 'xmpp-trace', 1, initial, size) };
}

test('a PieceDocument edited at random reads as a TextDocument edited the same way', () => {
  const { rnd, words } = randomText(2026, ['a', 'b', '<', '>', '\n', '\r', '\r\n', 'é', '😀', '  ']);
  for (let round = 0; round < 40; round++) {
    const size = 4 + rnd(40);
    const { ref, doc } = twins(words(50 + rnd(400)), size);
    for (let v = 2; v < 60; v++) {
      const changes: ({ range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } | { text: string })[] = [];
      if (rnd(25) === 0) changes.push({ text: words(rnd(200)) });
      else {
        for (let k = 1 + rnd(3); k > 0; k--) {
          const lines = ref.lineCount;
          const pos = () => ({ line: rnd(lines + 2) - 1, character: rnd(12) - 1 });
          const range = { start: pos(), end: pos() };
          const grow = rnd(10) === 0 ? words(3 * size + rnd(50)) : words(rnd(6));
          changes.push({ range, text: grow });
          TextDocument.update(ref, [{ range, text: grow }], v);
        }
      }
      if ('range' in changes[0]) doc.update(changes, v);
      else {
        TextDocument.update(ref, changes, v);
        doc.update(changes, v);
      }
      assert.equal(doc.version, v);
      const text = ref.getText();
      assert.equal(doc.getText(), text, `round ${round} version ${v}: text`);
      assert.equal(doc.lineCount, ref.lineCount, `round ${round} version ${v}: line count`);
      for (let probe = 0; probe < 12; probe++) {
        const off = rnd(text.length + 3) - 1;
        assert.deepEqual(doc.positionAt(off), ref.positionAt(off), `positionAt(${off})`);
        const p = { line: rnd(ref.lineCount + 2) - 1, character: rnd(15) - 1 };
        assert.equal(doc.offsetAt(p), ref.offsetAt(p), `offsetAt(${JSON.stringify(p)})`);
        const line = rnd(ref.lineCount + 2) - 1;
        assert.deepEqual(doc.getLineRange(line), ref.getLineRange(line), `getLineRange(${line})`);
        assert.equal(doc.getEOLCharacters(line), ref.getEOLCharacters(line), `getEOLCharacters(${line})`);
        const a = rnd(text.length + 1);
        const b = a + rnd(3 * size);
        assert.equal(doc.source().slice(a, b), text.slice(a, b), `slice(${a}, ${b})`);
      }
    }
  }
});

test("a version's source keeps its text after later edits", () => {
  const doc = new PieceDocument('file:///s.xml', 'xmpp-trace', 1, 'abcdefghij'.repeat(20), 16);
  const v1 = doc.source();
  doc.update([{ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 40 } }, text: 'XYZ' }], 2);
  assert.equal(v1.text(), 'abcdefghij'.repeat(20));
  assert.equal(v1.slice(3, 20), 'abcdefghij'.repeat(20).slice(3, 20));
  assert.equal(doc.source().text(), 'abcde' + 'XYZ' + 'abcdefghij'.repeat(20).slice(40));
});

test('the text joined in steps is the text, and takes steps when there are many pieces', () => {
  const text = Array.from({ length: 3000 }, (_, i) => `<message id='${i}'>é😀</message>\r\n`).join('');
  const ref = TextDocument.create('file:///s.xml', 'xmpp-trace', 1, text);
  const doc = new PieceDocument('file:///s.xml', 'xmpp-trace', 1, text, 64);
  const edit = [{ range: { start: { line: 10, character: 3 }, end: { line: 2000, character: 5 } }, text: 'joined\n' }];
  TextDocument.update(ref, edit, 2);
  doc.update(edit, 2);
  const steps = doc.source().textInSteps!();
  let yields = 0;
  let r = steps.next();
  for (; !r.done; r = steps.next()) yields++;
  assert.equal(r.value, ref.getText());
  assert.ok(yields > 10, `${yields} steps`);
  assert.equal(doc.getText(), ref.getText());
});

test('positions asked before the line index exists are placed by its first pieces, read on as far as asked', () => {
  const { rnd, words } = randomText(7, ['a', '<', '\n', '\r', '\r\n', 'é', '😀', '  ']);
  let prefixAnswers = 0;
  for (let round = 0; round < 60; round++) {
    const size = 3 + rnd(30);
    const { ref, doc } = twins(words(100 + rnd(600)), size);
    for (let v = 2; v < 12; v++) {
      // Offsets mostly near the start (a first screen), now and then far on, in any order.
      for (let probe = 0; probe < 10; probe++) {
        const text = ref.getText();
        const off = rnd(4) === 0 ? rnd(text.length + 3) - 1 : rnd(Math.min(text.length, 3 * size) + 1);
        if (off < text.length / 2) prefixAnswers++;
        assert.deepEqual(doc.positionAt(off), ref.positionAt(off), `round ${round} v${v}: positionAt(${off})`);
      }
      // A whole-text change: the next version's positions are asked before any line count.
      const next = words(100 + rnd(600));
      doc.update([{ text: next }], v);
      TextDocument.update(ref, [{ text: next }], v);
    }
  }
  assert.ok(prefixAnswers > 200);
});
