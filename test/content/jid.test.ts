import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bareJid, parseJid, sameBareJid } from '../../server/src/core/jid/jid';

test('JID: valid addresses parse into parts', () => {
  const table: [string, string | undefined, string, string | undefined, string][] = [
    ['juliet@example.com', 'juliet', 'example.com', undefined, 'juliet@example.com'],
    ['juliet@example.com/foo', 'juliet', 'example.com', 'foo', 'juliet@example.com'],
    ['juliet@example.com/foo bar', 'juliet', 'example.com', 'foo bar', 'juliet@example.com'],
    ['juliet@example.com/foo@bar', 'juliet', 'example.com', 'foo@bar', 'juliet@example.com'],
    ['foo\\20bar@example.com', 'foo\\20bar', 'example.com', undefined, 'foo\\20bar@example.com'],
    ['fussball@example.com', 'fussball', 'example.com', undefined, 'fussball@example.com'],
    ['fußball@example.com', 'fußball', 'example.com', undefined, 'fußball@example.com'],
    ['π@example.com', 'π', 'example.com', undefined, 'π@example.com'],
    ['Σ@example.com/foo', 'Σ', 'example.com', 'foo', 'σ@example.com'],
    ['example.com', undefined, 'example.com', undefined, 'example.com'],
    ['example.com/foobar', undefined, 'example.com', 'foobar', 'example.com'],
    ['a.example.com/b@example.net', undefined, 'a.example.com', 'b@example.net', 'a.example.com'],
    ['Juliet@Example.COM.', 'Juliet', 'Example.COM', undefined, 'juliet@example.com'],
    ['juliet@[::1]', 'juliet', '[::1]', undefined, 'juliet@[::1]'],
    ['juliet@192.0.2.1', 'juliet', '192.0.2.1', undefined, 'juliet@192.0.2.1'],
    ['juliet@bücher.example', 'juliet', 'bücher.example', undefined, 'juliet@bücher.example'],
    ['localhost', undefined, 'localhost', undefined, 'localhost'],
  ];
  for (const [s, local, domain, resource, bare] of table) {
    const r = parseJid(s);
    assert.ok(r.ok, `${s}: ${r.ok ? '' : r.reason}`);
    assert.equal(r.jid.local, local, s);
    assert.equal(r.jid.domain, domain, s);
    assert.equal(r.jid.resource, resource, s);
    assert.equal(r.jid.bare, bare, s);
    assert.equal(r.jid.full, resource === undefined ? bare : `${bare}/${resource}`, s);
  }
});

test('JID: invalid addresses are rejected with a reason', () => {
  const table: [string, RegExp][] = [
    ['"juliet"@example.com', /forbidden character '"'/],
    ['foo bar@example.com', /U\+0020/],
    ['juliet&romeo@example.com', /'&'/],
    ["o'neil@example.com", /"'"|'''/],
    ['ju:liet@example.com', /':'/],
    ['<juliet>@example.com', /'<'/],
    ['@example.com', /empty localpart/],
    ['juliet@', /empty domainpart/],
    ['juliet@example.com/', /empty resourcepart/],
    ['example.com/', /empty resourcepart/],
    ['', /empty JID/],
    ['juliet@exa mple.com', /U\+0020/],
    ['juliet@example..com', /empty label/],
    ['juliet@.example.com', /empty label/],
    ['juliet@example.com..', /empty label/],
    ['juliet@-example.com', /hyphen/],
    ['juliet@exam_ple.com', /'_'/],
    ['juliet@[::1', /closing \]/],
    ['juliet@[not:v6]', /IPv6/],
    ['juliet@::1', /IPv6|':'/],
    ['user@host@example.com', /'@'/],
    ['juliet@example.com/res\u0007', /control/],
    ['jul\u0000iet@example.com', /U\+0000/],
    ['a'.repeat(1024) + '@example.com', /1023 bytes/],
    ['juliet@' + 'a'.repeat(64) + '.com', /63 bytes/],
    ['juliet@example.com/' + 'é'.repeat(512), /1023 bytes/],
    ['${to-jid}', /'\$'|'\{'/],
  ];
  for (const [s, reason] of table) {
    const r = parseJid(s);
    assert.equal(r.ok, false, s);
    if (!r.ok) assert.match(r.reason, reason, s);
  }
});

test('JID: bare forms and bare comparison', () => {
  assert.equal(bareJid('Juliet@Example.com/Balcony'), 'juliet@example.com');
  assert.equal(bareJid('example.com/x'), 'example.com');
  // Best effort on invalid input.
  assert.equal(bareJid('Foo Bar@Example.com/x'), 'foo bar@example.com');
  assert.ok(sameBareJid('juliet@example.com/a', 'JULIET@EXAMPLE.COM/b'));
  assert.ok(sameBareJid('juliet@example.com.', 'juliet@example.com'));
  assert.ok(!sameBareJid('juliet@example.com', 'romeo@example.com'));
  assert.ok(!sameBareJid('juliet@example.com', 'example.com'));
  // NFC: a precomposed and a decomposed é are the same localpart.
  assert.ok(sameBareJid('caf\u00e9@example.com', 'cafe\u0301@example.com'));
});
