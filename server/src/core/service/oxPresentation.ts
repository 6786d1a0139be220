// The lens title and hover of an OX object (XEP-0373): decryption, signatures and the signer's
// xmpp: user IDs, the inner element's <to/>, <time/>, <rpad/> and payload.
import { ruleFor } from '../rules';
import type { ObjectReport, OxReport } from '../types';

const WORD: Record<ObjectReport['status'], string> = { verified: '✔ verified', failed: '✖ failed', encrypted: '🔒 encrypted (no key)', unreadable: '⚠ unreadable', decrypted: '🔓 decrypted, not signed' };

export function oxLens(obj: ObjectReport): string {
  const failing = obj.codes.find((c) => ruleFor(c)?.fails) ?? obj.codes.find((c) => c === 'ox.sig.noKey');
  const signer = obj.ox?.signatures?.find((s) => s.result === 'valid')?.userIds[0];
  return `OX ${obj.ox?.element ? `<${obj.ox.element}/> ` : ''}${WORD[obj.status]}${failing ? `: ${failing}` : signer ? ` · signed by ${signer}` : ''}`;
}

export function oxHover(obj: ObjectReport, ox: OxReport): string {
  const lines = [`### ${oxLens(obj)}`, '', `**Layers:** ${obj.layers.map((l) => `\`${l}\``).join(' ⊃ ')}`, ''];
  for (const s of ox.signatures ?? []) {
    lines.push(`- signature by \`${s.fingerprint ?? s.keyId}\`: ${s.result === 'valid' ? '✔ valid' : s.result === 'noKey' ? 'key not in the workspace' : `✖ invalid${s.reason ? ` (${s.reason})` : ''}`}${s.userIds.length ? ` — ${s.userIds.map((u) => `\`${u}\``).join(', ')}` : ''}`);
  }
  if (ox.element) {
    lines.push(`- <to/>: ${ox.to.length ? ox.to.map((t) => `\`${t}\``).join(', ') : '✖ none'}`);
    lines.push(`- <time/>: ${ox.timestamp ? `\`${ox.timestamp}\`${ox.skewSeconds !== undefined ? ` (${ox.skewSeconds} s from "now")` : ''}` : '✖ none'}`);
    lines.push(`- <rpad/>: ${ox.rpad ? 'present' : 'absent (the length of the message is not hidden)'}`);
    if (ox.payload !== undefined) lines.push('', '**Payload:**', '', '```xml', ox.payload, '```');
  }
  for (const c of obj.codes) lines.push(`- \`${c}\`: ${ruleFor(c)?.description ?? ''}`);
  return lines.join('\n');
}
