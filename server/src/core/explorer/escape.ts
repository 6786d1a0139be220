// Escaping for the HTML/SVG and Markdown the explorer writes.

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text safe in a Markdown table cell: no pipes, no line breaks, no inline HTML. */
export function escapeMdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/\r?\n/g, ' ').replace(/[`*_[\]]/g, '\\$&');
}

export const VERDICT_ICON: Record<string, string> = { verified: '✔', failed: '✖', decrypted: '🔓', encrypted: '🔒', unreadable: '⚠' };
