// The OpenPGP edge of legacy XEP-0027: verifies a `jabber:x:signed` detached signature over the
// status/body text and opens a `jabber:x:encrypted` message with the workspace OpenPGP keys (the
// same keys, and the same keys the trace announces, as OX). The result has the OX shape, so the core
// reads it through the same injected resolver (keyed by core/xep27/findXep27.ts xep27Key).
import * as openpgp from 'openpgp';
import type { Xep27Ref } from '../core/xep27/findXep27';
import type { OxOpened } from '../core/ox/oxOpened';
import { openOx, signaturesOf, type OpenPgpKeys } from './openOx';

const firstLine = (e: unknown) => (e as Error).message.split('\n')[0];

export async function openXep27(ref: Pick<Xep27Ref, 'type' | 'base64' | 'signedText'>, keys: OpenPgpKeys): Promise<OxOpened> {
  if (ref.type === 'encrypted') return openOx(ref.base64, keys);
  let signature: openpgp.Signature;
  try {
    signature = await openpgp.readSignature({ binarySignature: new Uint8Array(Buffer.from(ref.base64, 'base64')) });
  } catch (e) {
    return { encrypted: false, recipients: [], decrypt: 'failed', signatures: [], error: `not an OpenPGP signature (${firstLine(e)})` };
  }
  try {
    const message = await openpgp.createMessage({ text: ref.signedText ?? '' });
    const r = await openpgp.verify({ message, signature, verificationKeys: keys.publicKeys });
    return { encrypted: false, recipients: [], decrypt: 'notEncrypted', plaintext: ref.signedText ?? '', signatures: await signaturesOf(r.signatures, keys) };
  } catch (e) {
    return { encrypted: false, recipients: [], decrypt: 'failed', signatures: [], error: firstLine(e) };
  }
}
