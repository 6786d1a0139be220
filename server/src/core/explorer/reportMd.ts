// `xmpp-e2e report --format md`: the same report as Markdown; the diagram is a Mermaid
// sequenceDiagram (rendered by GitHub, GitLab and most viewers) so the file stays plain text.
import { escapeMdCell as c, VERDICT_ICON } from './escape';
import { formatTime, verdictText } from './reportHtml';
import type { FileReport } from './reportModel';
import type { SequenceModel } from './sequence';

/** Mermaid message text: no `;`, `#` or line breaks (its own syntax). */
function mermaidText(s: string): string {
  return s.replace(/[;#\r\n:]/g, ' ').replace(/"/g, "'");
}

export function renderMermaid(seq: SequenceModel): string[] {
  const out = ['```mermaid', 'sequenceDiagram'];
  seq.lifelines.forEach((l, i) => out.push(`  participant P${i} as ${mermaidText(l.id)}`));
  for (const a of seq.arrows) {
    const lock = a.e2e ? `🔒${a.verdict ? VERDICT_ICON[a.verdict] : ''} ` : '';
    const arrow = a.linkKind === 'response' || a.linkKind === 'error' ? '-->>' : '->>';
    out.push(`  P${a.from}${arrow}P${a.to}: ${a.stanza + 1} ${mermaidText(lock + a.label)}`);
  }
  out.push('```');
  return out;
}

function fileMd(f: FileReport, filter: string): string[] {
  const v = Object.entries(f.verdicts).map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
  const out = [
    `## ${f.path}`,
    '',
    `Dialect ${f.dialect}${f.vantage ? `, ${f.vantage} vantage` : ''}; **${f.rows.length} of ${f.total} stanzas shown**${filter ? ` (filter \`${filter}\`)` : ''}; ` +
      `${f.objects.length} e2e objects (${v}); ${f.counts.error} errors, ${f.counts.warning} warnings, ${f.counts.information + f.counts.hint} notes.`,
    '',
    '### Stanzas',
    '',
    '| # | Time (Δ) | Dir | Stream | Kind | From → To | Id | Payload | E2E | Codes |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of f.rows) {
    out.push(`| ${[String(r.index + 1), formatTime(r), r.direction, r.stream ?? '', `${r.kind}${r.type ? ` ${r.type}` : ''}`, `${r.fromEntity} → ${r.toEntity}`, r.id ?? '', r.summary, verdictText(r), r.codes.join(' ')].map(c).join(' | ')} |`);
  }
  out.push('', '### Sequence', '', ...renderMermaid(f.sequence), '', `### Findings (${f.findings.length})`, '');
  for (const x of f.findings) {
    out.push(`- **${x.severity}** \`${x.code}\` line ${x.line}:${x.column}${x.stanza !== undefined ? ` (stanza ${x.stanza + 1})` : ''}: ${c(x.message)}`, '', '  ```xml', `  ${x.excerpt.replace(/`/g, "'")}`, '  ```', '');
  }
  out.push(`### Objects (${f.objects.length})`, '');
  for (const o of f.objects) {
    out.push(`#### Object ${o.index + 1} (stanza ${o.stanzaIndex + 1}): ${VERDICT_ICON[o.status]} ${o.status}`, '');
    if (o.layers.length) out.push(`- Layers: ${o.layers.map((l) => `\`${l}\``).join(' ⊃ ')}`);
    if (o.notCms) out.push(`- Not CMS: ${c(o.notCms)}`);
    if (o.contentEncryptionAlgorithm) out.push(`- Content encryption: ${o.contentEncryptionAlgorithm}`);
    for (const r of o.recipients) out.push(`- Recipient ${c(r.jids.join(', ') || r.id)}: ${r.keyEncryptionAlgorithm}, ${r.opened ? 'opened' : r.keyInWorkspace ? 'key in workspace' : 'no key'}`);
    if (o.codes.length) out.push(`- Codes: ${o.codes.map((x) => `\`${x}\``).join(' ')}`);
    o.signers.forEach((s, i) => {
      out.push(`- Signer ${i + 1}: signature ${s.signature}${s.reason ? ` (${c(s.reason)})` : ''}; trust ${s.trust}; identity ${s.identity}; validity ${s.validity}`);
      out.push(`  - JIDs: ${c(s.jids.join(', ') || '—')}; subject ${c(s.subject ?? '—')}; issuer ${c(s.issuer ?? '—')}; serial ${s.serial ?? '—'}`);
      out.push(`  - Algorithms: ${s.digestAlgorithm} / ${s.signatureAlgorithm}`);
      if (s.certificatePem) out.push('', '  ```', ...s.certificatePem.trim().split(/\r?\n/).map((l) => `  ${l}`), '  ```');
    });
    for (const x of f.certificates.get(o.index) ?? []) {
      out.push(`- Certificate ${c(x.subject)} (issuer ${c(x.issuer)}, serial ${x.serialHex}${x.xmppAddrs.length ? `, XmppAddr ${c(x.xmppAddrs.join(', '))}` : ''})`, '', '  ```', ...x.pem.trim().split(/\r?\n/).map((l) => `  ${l}`), '  ```');
    }
    out.push('');
  }
  return out;
}

export function renderMarkdownReport(files: readonly FileReport[], filter: string, generated: string): string {
  return ['# XMPP E2E report', '', `Generated ${generated} by xmpp-e2e. ${files.length} file${files.length === 1 ? '' : 's'}.`, '', ...files.flatMap((f) => fileMd(f, filter)), ''].join('\n');
}
