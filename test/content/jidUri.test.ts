import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jidFromUri, jidToUri } from '../../server/src/core/jid/jidUri';
import { uriJidProblem } from '../../server/src/core/cpim/cpimAddress';

test('jidFromUri: im:/pres:/xmpp:, the JID as written, percent-decoded', () => {
  assert.equal(jidFromUri('im:Juliet@Example.com'), 'Juliet@Example.com');
  assert.equal(jidFromUri('pres:juliet@example.com/balcony'), 'juliet@example.com/balcony');
  assert.equal(jidFromUri('XMPP:d%27artagnan@example.fr'), "d'artagnan@example.fr");
  assert.equal(jidFromUri(' <im:juliet@example.com> '), 'juliet@example.com');
  assert.equal(jidFromUri('im:juliet@example.com?subject=hi'), 'juliet@example.com');
  assert.equal(jidFromUri('xmpp:romeo@example.net#frag'), 'romeo@example.net');
  assert.equal(jidFromUri('im:bad%zzescape@example.com'), 'bad%zzescape@example.com');
});

test('jidFromUri: xmpp:// names the target after the authority, else the authority', () => {
  assert.equal(jidFromUri('xmpp://guest@example.com/support@example.com?message'), 'support@example.com');
  assert.equal(jidFromUri('xmpp://romeo%40work@example.net?message'), 'romeo@work@example.net');
  assert.equal(jidFromUri('xmpp://guest@example.com?x=/y'), 'guest@example.com');
});

test('jidFromUri: other schemes are not JIDs; an empty address is empty', () => {
  assert.equal(jidFromUri('sip:juliet@example.com'), undefined);
  assert.equal(jidFromUri('mailto:juliet@example.com'), undefined);
  assert.equal(jidFromUri('https://example.net/'), undefined);
  assert.equal(jidFromUri('im:'), '');
  assert.match(uriJidProblem('im:') ?? '', /empty JID/);
  assert.equal(uriJidProblem('im:juliet@example.com'), undefined);
  assert.equal(uriJidProblem('sip:r_o@exa_mple.net'), undefined);
});

test('jidToUri: bare JID with case kept, localpart percent-encoded byte-wise', () => {
  assert.equal(jidToUri('pres', 'Juliet@Example.com/balcony'), 'pres:Juliet@Example.com');
  assert.equal(jidToUri('im', 'a!$*.?_~+=-z@example.com'), 'im:a!$*.?_~+=-z@example.com');
  assert.equal(jidToUri('im', 'a&b#c@example.com'), 'im:a%26b%23c@example.com');
  assert.equal(jidFromUri(jidToUri('im', 'zoë o\'hara@example.org/r')), "zoë o'hara@example.org");
});
