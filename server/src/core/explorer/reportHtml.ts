// `xmpp-e2e report --format html` and the editor's "Export Report": one self-contained HTML file
// (inline CSS and SVG, no script, no remote asset) with the summary, the table, the diagram,
// every finding with its source line, and each object's layers, signers and certificates.
import { escapeXml as h, VERDICT_ICON } from './escape';
import type { FileReport, ReportCertificate } from './reportModel';
import type { StanzaRow } from './rows';
import { renderSequenceSvg } from './svg';
import type { ObjectReport } from '../types';

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1f2328;background:#fff}
table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #d0d7de;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa}code,pre{font:12px ui-monospace,monospace}pre{background:#f6f8fa;padding:6px;overflow:auto}
.error{color:#cf222e}.warning{color:#9a6700}.information,.hint{color:#0969da}.diagram{overflow:auto;border:1px solid #d0d7de}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}th{background:#161b22}pre{background:#161b22}th,td{border-color:#30363d}}`;

export function formatTime(r: StanzaRow): string {
  if (!r.time) return '';
  return r.deltaMs === undefined ? r.time : `${r.time} (+${(r.deltaMs / 1000).toFixed(3)} s)`;
}

export function verdictText(r: StanzaRow): string {
  if (!r.verdict) return '';
  const icon = VERDICT_ICON[r.verdict];
  const lens = r.lens ?? r.verdict;
  return lens.startsWith(icon) ? lens : `${icon} ${lens}`;
}

function rowHtml(r: StanzaRow): string {
  const cells = [String(r.index + 1), formatTime(r), r.direction, r.stream ?? '', `${r.kind}${r.type ? ` ${r.type}` : ''}`,
    `${r.fromEntity} → ${r.toEntity}`, r.id ?? '', r.summary, verdictText(r), r.codes.join(' ')];
  return `<tr class="stanza" data-index="${r.index}">${cells.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`;
}

function objectHtml(o: ObjectReport, certs: readonly ReportCertificate[]): string {
  const out = [`<section class="object"><h4>Object ${o.index + 1} (stanza ${o.stanzaIndex + 1}): ${h(`${VERDICT_ICON[o.status]} ${o.status}`)}</h4><ul>`];
  if (o.layers.length) out.push(`<li>Layers: ${o.layers.map((l) => `<code>${h(l)}</code>`).join(' ⊃ ')}</li>`);
  if (o.notCms) out.push(`<li>Not CMS: ${h(o.notCms)}</li>`);
  if (o.contentEncryptionAlgorithm) out.push(`<li>Content encryption: ${h(o.contentEncryptionAlgorithm)}</li>`);
  for (const r of o.recipients) out.push(`<li>Recipient ${h(r.jids.join(', ') || r.id)}: ${h(r.keyEncryptionAlgorithm)}, ${r.opened ? 'opened' : r.keyInWorkspace ? 'key in workspace' : 'no key'}</li>`);
  if (o.inner) out.push(`<li>Inner content: <code>${h(o.inner.contentType)}</code>${o.inner.timestamp ? `, timestamp ${h(o.inner.timestamp)}` : ''}</li>`);
  if (o.codes.length) out.push(`<li>Codes: ${o.codes.map((c) => `<code>${h(c)}</code>`).join(' ')}</li>`);
  out.push('</ul>');
  o.signers.forEach((s, i) => {
    out.push(`<h5>Signer ${i + 1}</h5><ul><li>Signature: ${h(s.signature)}${s.reason ? ` (${h(s.reason)})` : ''}</li><li>Trust: ${h(s.trust)}; identity: ${h(s.identity)}; validity: ${h(s.validity)}</li>`);
    out.push(`<li>JIDs: ${h(s.jids.join(', ') || '—')}</li><li>Subject: ${h(s.subject ?? '—')}; issuer: ${h(s.issuer ?? '—')}; serial: ${h(s.serial ?? '—')}</li>`);
    out.push(`<li>Algorithms: ${h(s.digestAlgorithm)} / ${h(s.signatureAlgorithm)}${s.signingTime ? `; signingTime ${h(s.signingTime)}` : ''}</li></ul>`);
    if (s.certificatePem) out.push(`<details><summary>Certificate (${h(s.certificateSource ?? 'embedded')})</summary><pre>${h(s.certificatePem)}</pre></details>`);
  });
  for (const c of certs) {
    out.push(`<details class="certificate"><summary>Certificate ${h(c.subject)} (issuer ${h(c.issuer)}, serial ${h(c.serialHex)}${c.xmppAddrs.length ? `, XmppAddr ${h(c.xmppAddrs.join(', '))}` : ''})</summary><pre>${h(c.pem)}</pre></details>`);
  }
  out.push('</section>');
  return out.join('\n');
}

function fileHtml(f: FileReport, filter: string): string {
  const v = Object.entries(f.verdicts).map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
  const out = [
    `<section class="file"><h2>${h(f.path)}</h2>`,
    `<p class="summary">Dialect ${h(f.dialect)}${f.vantage ? `, ${h(f.vantage)} vantage` : ''}; <span class="shown">${f.rows.length}</span> of <span class="total">${f.total}</span> stanzas shown${filter ? ` (filter <code>${h(filter)}</code>)` : ''}; ` +
      `${f.objects.length} e2e objects (${h(v)}); ${f.counts.error} errors, ${f.counts.warning} warnings, ${f.counts.information + f.counts.hint} notes.</p>`,
    '<h3>Stanzas</h3>',
    '<table class="stanzas"><thead><tr><th>#</th><th>Time (Δ)</th><th>Dir</th><th>Stream</th><th>Kind</th><th>From → To</th><th>Id</th><th>Payload</th><th>E2E</th><th>Codes</th></tr></thead><tbody>',
    ...f.rows.map(rowHtml),
    '</tbody></table>',
    '<h3>Sequence</h3>',
    `<div class="diagram">${renderSequenceSvg(f.sequence, { title: f.path, colors: 'fixed' })}</div>`,
    `<h3>Findings (${f.findings.length})</h3>`,
  ];
  if (f.findings.length) {
    out.push('<ol class="findings">');
    for (const x of f.findings) {
      out.push(`<li class="finding ${x.severity}"><strong>${h(x.severity)} <code>${h(x.code)}</code></strong> line ${x.line}:${x.column}${x.stanza !== undefined ? ` (stanza ${x.stanza + 1})` : ''}: ${h(x.message)}<pre>${h(x.excerpt)}</pre></li>`);
    }
    out.push('</ol>');
  }
  out.push(`<h3>Objects (${f.objects.length})</h3>`, ...f.objects.map((o) => objectHtml(o, f.certificates.get(o.index) ?? [])), '</section>');
  return out.join('\n');
}

export function renderHtmlReport(files: readonly FileReport[], filter: string, generated: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // Nothing may load: a report attached to a bug opens offline and leaks no request.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>XMPP E2E report: ${h(files.map((f) => f.path).join(', '))}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<h1>XMPP E2E report</h1><p>Generated ${h(generated)} by xmpp-e2e. ${files.length} file${files.length === 1 ? '' : 's'}.</p>`,
    ...files.map((f) => fileHtml(f, filter)),
    '</body></html>',
    '',
  ].join('\n');
}
