// Passphrases cross the LSP connection sealed to a one-time server key: the receiver opens what
// was sealed to it, nothing else, and the wire form does not contain the secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSecretReceiver, sealSecret } from '../../server/src/protocol/sealedSecret';

test('a sealed passphrase opens only with the receiver that asked for it', () => {
  const secret = 'pässwörd with spaces 🔑';
  const receiver = createSecretReceiver();
  const sealed = sealSecret(receiver.publicKey, secret);
  assert.ok(!JSON.stringify(sealed).includes('with spaces'));
  assert.equal(receiver.open(sealed), secret);
  const other = createSecretReceiver();
  assert.equal(other.open(sealed), undefined);
  const tampered = { ...sealed, data: Buffer.from('x' + Buffer.from(sealed.data, 'base64').toString('latin1'), 'latin1').toString('base64') };
  assert.equal(receiver.open(tampered), undefined);
  assert.equal(receiver.open(undefined), undefined);
  assert.equal(receiver.open(sealSecret(receiver.publicKey, '')), '');
});
