// The lens title and hover of an OMEMO object: the header explained (sender device, recipient
// devices and key exchanges, IV, payload or key transport) and why it is not decrypted.
import type { ObjectReport, OmemoReport } from '../types';

export function omemoLens(obj: ObjectReport, o: OmemoReport): string {
  if (obj.status === 'unreadable') return '⚠ OMEMO: malformed header';
  const n = o.keys.length;
  const what = o.payload ? 'message' : 'key transport';
  const missing = o.missingDevices.reduce((k, m) => k + m.devices.length, 0);
  return `🔒 OMEMO ${what} from device ${o.sid} for ${n} device${n === 1 ? '' : 's'}${missing ? ` · ⚠ ${missing} listed device${missing === 1 ? '' : 's'} without a key` : ''} (not decrypted)`;
}

export function omemoHover(obj: ObjectReport, o: OmemoReport): string {
  const ns = o.version === 'legacy' ? 'eu.siacs.conversations.axolotl (legacy OMEMO, XEP-0384 0.3)' : 'urn:xmpp:omemo:2';
  const lines = [`### ${omemoLens(obj, o)}`, '', `**Namespace:** \`${ns}\``, '', `- sender device (sid): ${o.sid ? `\`${o.sid}\`` : '✖ missing'}`];
  for (const k of o.keys) {
    const kex = k.keyExchange ? ` — key exchange (${o.version === 'legacy' ? "prekey='true'" : "kex='true'"}): a new session` : '';
    lines.push(`- key for device \`${k.rid || '?'}\`${k.jid ? ` of \`${k.jid}\`` : ''}${kex}`);
  }
  if (o.version === 'legacy') lines.push(`- IV: ${o.iv ? `\`${o.iv}\`` : '✖ missing'}`);
  lines.push(o.payload ? '- payload: present (AES-GCM ciphertext)' : '- no payload: a key transport element (session setup, no message text)');
  for (const m of o.missingDevices) lines.push(`- ⚠ no key for ${m.devices.map((d) => `\`${d}\``).join(', ')} of \`${m.jid}\` (in the device list published in this trace)`);
  lines.push('', 'OMEMO is not decrypted here: the Double Ratchet session state lives in the clients, not in the trace.');
  return lines.join('\n');
}
