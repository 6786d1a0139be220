// The explorer page's first model travels inside its HTML as an inline JSON data block: text from
// the trace (a body excerpt, a JID) must not end that element, open a comment in it, or reach the
// page changed. Checked with parse5, the HTML parser of the spec's tokenizer rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'parse5';
import { scriptJson } from '../../server/src/core/explorer/escape';

const hostile = [
  '</script><script>alert(1)</script>',
  '</SCRIPT >',
  '<!-- <script>',
  '<![CDATA[ x ]]>',
  'line\u2028separator\u2029and "quotes" & \\ backslash',
  '😀 <b>bold</b>',
];

test('hostile text stays inside the JSON element and reads back unchanged', () => {
  const value = { type: 'model', rows: { s: hostile } };
  const json = scriptJson(value);
  assert.doesNotMatch(json, /</);
  const doc = parse(`<!DOCTYPE html><html><head></head><body><script type="application/json" id="first-model">${json}</script><p id="after">after</p></body></html>`);
  const html = doc.childNodes.find((n) => n.nodeName === 'html') as any;
  const body = html.childNodes.find((n: any) => n.nodeName === 'body');
  const elements = body.childNodes.filter((n: any) => n.tagName);
  assert.deepEqual(elements.map((n: any) => n.tagName), ['script', 'p'], 'one script element, then the paragraph');
  const text = elements[0].childNodes.map((n: any) => n.value).join('');
  assert.deepEqual(JSON.parse(text), value);
});
