// Test OpenPGP identities for OX (XEP-0373): per JID a key with the user ID `xmpp:JID` (§4.1),
// a signing primary key and an encryption subkey, written as an armored public key (to share or
// import into gpg) and an armored secret key (a 0600 file), optionally locked with a passphrase.
// Names sit beside keygen's certificates, where the workspace key loading looks (openOx.ts).
import { openpgpLib } from './openpgpLib';
import { fileStem } from '../core/keys/keygen';
import { stripResource } from '../core/jid/jid';
import type { OutFile } from './secureFiles';

export const OPENPGP_KEY_TYPES = ['ed25519', 'rsa', 'p256', 'p384'] as const;
export type OpenPgpKeyType = (typeof OPENPGP_KEY_TYPES)[number];

export interface OpenPgpKeygenOptions {
  jids: string[];
  /** ed25519 (EdDSA + cv25519 ECDH, gpg's `future-default`, what OX clients make) by default. */
  keyType?: OpenPgpKeyType;
  /** Key expiry in days; none by default. */
  days?: number;
  /** Locks the secret keys (S2K); the workspace asks for it as for other key files. */
  passphrase?: string;
  /** Creation time (tests); default the clock. */
  date?: Date;
}

type KeyShape = { type: 'rsa'; rsaBits: number } | { type: 'ecc'; curve: 'curve25519Legacy' | 'nistP256' | 'nistP384' };

function typeOptions(t: OpenPgpKeyType): KeyShape {
  switch (t) {
    case 'rsa':
      return { type: 'rsa', rsaBits: 3072 };
    case 'p256':
      return { type: 'ecc', curve: 'nistP256' };
    case 'p384':
      return { type: 'ecc', curve: 'nistP384' };
    default:
      return { type: 'ecc', curve: 'curve25519Legacy' };
  }
}

export async function generateOpenPgpIdentities(options: OpenPgpKeygenOptions): Promise<OutFile[]> {
  const files: OutFile[] = [];
  const jids = [...new Set(options.jids.map((j) => stripResource(j.trim())))];
  for (const jid of jids) if (jid === '' || /\s/.test(jid)) throw new Error(`not a JID: "${jid}"`);
  for (const jid of jids) {
    const { publicKey, privateKey } = await openpgpLib().generateKey({
      ...typeOptions(options.keyType ?? 'ed25519'),
      userIDs: [{ name: `xmpp:${jid}` }],
      passphrase: options.passphrase || undefined,
      keyExpirationTime: options.days ? options.days * 86400 : 0,
      date: options.date,
      format: 'armored',
    });
    const stem = fileStem(jid);
    files.push({ name: `${stem}.openpgp.pub.asc`, contents: publicKey, secret: false });
    files.push({ name: `${stem}.openpgp.sec.asc`, contents: privateKey, secret: true });
  }
  return files;
}
