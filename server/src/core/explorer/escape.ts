// Escaping for the HTML/SVG and Markdown the explorer writes, and for the JSON its page embeds.

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text safe in a Markdown table cell: no pipes, no line breaks, no inline HTML. */
export function escapeMdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/\r?\n/g, ' ').replace(/[`*_[\]]/g, '\\$&');
}

export const VERDICT_ICON: Record<string, string> = { verified: '✔', failed: '✖', decrypted: '🔓', encrypted: '🔒', unreadable: '⚠' };

/** JSON for an inline `<script type="application/json">`: no `<` (so no `</script>` or `<!--` from
 *  the trace can end or bend the element), as JSON.parse reads it back unchanged. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
