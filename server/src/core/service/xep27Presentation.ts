// The lens title and hover of a legacy XEP-0027 object: what it protects, the signature or the
// decryption, the signer's user IDs, the decrypted body, and why the format is deprecated.
import { ruleFor } from '../rules';
import type { ObjectReport, Xep27Report } from '../types';

const WORD: Record<ObjectReport['status'], string> = { verified: '✔ verified', failed: '✖ failed', encrypted: '🔒 encrypted (no key)', unreadable: '⚠ unreadable', decrypted: '🔓 decrypted, not signed' };

export function xep27Lens(obj: ObjectReport, x: Xep27Report): string {
  const what = x.type === 'signed' ? `signed <${x.over === 'none' ? 'status' : x.over}/>` : 'encrypted <body/>';
  const failing = obj.codes.find((c) => ruleFor(c)?.fails) ?? obj.codes.find((c) => c === 'xep27.sig.noKey' || c === 'xep27.sig.unsupported');
  const signer = x.signatures?.find((s) => s.result === 'valid')?.userIds[0];
  // Failed without a failing code: a signature nobody could check.
  const word = obj.status === 'failed' && !failing ? '✖ not verified (no OpenPGP keys read)' : WORD[obj.status];
  return `XEP-0027 ${what} ${word}${failing ? `: ${failing}` : signer ? ` · signed by ${signer}` : ''} (deprecated)`;
}

export function xep27Hover(obj: ObjectReport, x: Xep27Report): string {
  const lines = [`### ${xep27Lens(obj, x)}`, '', `**Layers:** ${obj.layers.map((l) => `\`${l}\``).join(' ⊃ ')}`, ''];
  if (x.recipients.length) lines.push(`- encrypted for key ids: ${x.recipients.map((r) => `\`${r}\``).join(', ')}`);
  for (const s of x.signatures ?? []) {
    lines.push(`- signature by \`${s.fingerprint ?? s.keyId}\`${s.hash ? ` (${s.hash})` : ''}: ${s.result === 'valid' ? '✔ valid' : s.result === 'noKey' ? 'key not in the workspace' : `✖ invalid${s.reason ? ` (${s.reason})` : ''}`}${s.userIds.length ? ` — ${s.userIds.map((u) => `\`${u}\``).join(', ')}` : ''}`);
  }
  if (x.plaintext !== undefined) lines.push('', '**Decrypted body:**', '', '```text', x.plaintext, '```');
  lines.push('', 'XEP-0027 is historical: no recipient and no timestamp are protected (replay and redirection go unnoticed), and key ownership rests on user IDs only. OX (XEP-0373/0374) replaces it.', '');
  for (const c of obj.codes) lines.push(`- \`${c}\`: ${ruleFor(c)?.description ?? ''}`);
  return lines.join('\n');
}
