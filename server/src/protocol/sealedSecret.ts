// Passphrases travel from the client to the server sealed to a one-time server key (ECDH P-256 +
// AES-256-GCM), so a verbose LSP message trace shows only public values and ciphertext.
import { createCipheriv, createDecipheriv, createECDH, createHash, randomBytes } from 'node:crypto';

export interface SealedSecret { publicKey: string; iv: string; data: string; tag: string }

function keyFrom(shared: Buffer): Buffer {
  return createHash('sha256').update('xmpp-e2e passphrase v1').update(shared).digest();
}

/** Server side: a one-time key pair; send `publicKey`, keep `open`. */
export function createSecretReceiver(): { publicKey: string; open(sealed: SealedSecret | undefined): string | undefined } {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys('base64');
  return {
    publicKey,
    open(sealed) {
      if (!sealed) return undefined;
      try {
        const key = keyFrom(ecdh.computeSecret(Buffer.from(sealed.publicKey, 'base64')));
        const d = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
        d.setAuthTag(Buffer.from(sealed.tag, 'base64'));
        return Buffer.concat([d.update(Buffer.from(sealed.data, 'base64')), d.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** Client side: seal a secret to the server's one-time public key. */
export function sealSecret(serverPublicKey: string, secret: string): SealedSecret {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys('base64');
  const key = keyFrom(ecdh.computeSecret(Buffer.from(serverPublicKey, 'base64')));
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
  return { publicKey, iv: iv.toString('base64'), data: data.toString('base64'), tag: c.getAuthTag().toString('base64') };
}
