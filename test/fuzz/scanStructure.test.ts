// The scanner's compact output (issue #17, memory on large logs): what every element would
// otherwise allocate for itself is shared, and what the tree keeps is frozen, so a later write to
// a shared list fails loudly instead of changing every element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanXml } from '../../server/src/core/xml/scanXml';
import type { XmlElement } from '../../server/src/core/types';

const elements = (src: string): XmlElement[] => {
  const out: XmlElement[] = [];
  const walk = (nodes: readonly unknown[]): void => {
    for (const n of nodes as XmlElement[]) {
      if (n.type !== 'element') continue;
      out.push(n);
      walk(n.children);
    }
  };
  walk(scanXml(src, 0, src.length, { allowUnclosed: true }).nodes);
  return out;
};

test('elements without attributes or children share one frozen empty list each', () => {
  const [root, a, b] = elements('<r><a/><b></b></r>');
  assert.equal(a.attrs, b.attrs);
  assert.equal(a.children, b.children);
  assert.ok(Object.isFrozen(a.attrs) && Object.isFrozen(a.children));
  assert.equal(root.attrs, a.attrs);
  assert.throws(() => (a.attrs as unknown[]).push(1), TypeError);
});

test('attribute lists are per element and hold what was written, in order', () => {
  const [x, y] = elements("<x a='1' b='2'/><y c='3'/>");
  assert.notEqual(x.attrs, y.attrs);
  assert.deepEqual(x.attrs.map((a) => [a.name, a.value]), [['a', '1'], ['b', '2']]);
  assert.deepEqual(y.attrs.map((a) => [a.name, a.value]), [['c', '3']]);
});

test('an open element gets its real span when it closes or the input ends (never the placeholder)', () => {
  const src = '<r><a>text</a><b>';
  for (const el of elements(src)) {
    assert.ok(el.span.start >= 0 && el.span.end > el.span.start && el.span.end <= src.length, `${el.name}: ${JSON.stringify(el.span)}`);
  }
  const [r, a, b] = elements(src);
  assert.deepEqual([r.span, a.span, b.span], [{ start: 0, end: 17 }, { start: 3, end: 14 }, { start: 14, end: 17 }]);
});

test('children lists of closed elements hold every child in order, whatever their number', () => {
  const src = `<r>${Array.from({ length: 40 }, (_, i) => `<c n='${i}'/>`).join('')}</r><s>t</s>`;
  const [r] = elements(src);
  assert.equal(r.children.length, 40);
  assert.deepEqual(r.children.map((c) => (c as XmlElement).attrs[0].value), Array.from({ length: 40 }, (_, i) => String(i)));
  const s = elements(src).find((e) => e.name === 's')!;
  assert.deepEqual(s.children.map((c) => ('value' in c ? c.value : '')), ['t']);
});

test('namespace scopes stay per element when scans share their root scope', () => {
  const one = elements("<a xmlns='urn:one'><b/></a>");
  const two = elements('<a><b/></a>');
  assert.deepEqual(one.map((e) => e.ns), ['urn:one', 'urn:one']);
  assert.deepEqual(two.map((e) => e.ns), [undefined, undefined]);
});
