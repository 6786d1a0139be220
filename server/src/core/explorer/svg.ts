// Renders a sequence model as one self-contained SVG (no scripts, no external references): a
// lifeline per entity, an arrow per stanza, each with a <title> for screen readers and tooltips.
import { escapeXml, VERDICT_ICON } from './escape';
import type { SequenceModel } from './sequence';

const LANE = 200;
const HEAD = 56;
const STEP = 26;
const MARGIN = 20;

const VERDICT_CLASS: Record<string, string> = { verified: 'ok', failed: 'bad', decrypted: 'warn', encrypted: 'enc', unreadable: 'warn' };

/**
 * `colors: 'theme'` leaves the styling to the page (the webview's stylesheet, in VS Code's theme
 * colours: its CSP admits no inline <style>); `'fixed'` embeds its own palette
 * (an exported file or a report, read anywhere). `standalone` adds the namespace an .svg file needs
 * (inline in HTML it is implied, and the report then names no URL at all).
 */
export function renderSequenceSvg(model: SequenceModel, opts: { title?: string; colors?: 'theme' | 'fixed'; standalone?: boolean } = {}): string {
  const lanes = Math.max(model.lifelines.length, 1);
  const width = MARGIN * 2 + lanes * LANE;
  const height = HEAD + model.arrows.length * STEP + MARGIN * 2;
  const x = (lane: number) => MARGIN + lane * LANE + LANE / 2;
  const theme = opts.colors === 'theme';
  const fg = '#1f2328';
  const muted = '#656d76';
  const ok = '#1a7f37';
  const bad = '#cf222e';
  const warn = '#9a6700';
  const enc = '#0969da';
  const title = opts.title ?? 'Sequence diagram';
  const out: string[] = [];
  out.push(
    `<svg${opts.standalone ? ' xmlns="http://www.w3.org/2000/svg"' : ''} class="xmpp-e2e-sequence" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group" aria-labelledby="seq-title">`,
    `<title id="seq-title">${escapeXml(title)}: ${model.arrows.length} stanza${model.arrows.length === 1 ? '' : 's'} between ${model.lifelines.length} entities</title>`,
    '<defs><marker id="seq-head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="context-stroke"/></marker></defs>',
    theme ? '' : `<style>.xmpp-e2e-sequence{font:12px sans-serif;fill:${fg}}.life{stroke:${muted};stroke-dasharray:4 4}.head{fill:none;stroke:${muted}}` +
      `.arrow line,.arrow path{stroke:${fg};fill:none;marker-end:url(#seq-head)}.arrow.ok line,.arrow.ok path{stroke:${ok}}.arrow.bad line,.arrow.bad path{stroke:${bad}}` +
      `.arrow.warn line,.arrow.warn path{stroke:${warn}}.arrow.enc line,.arrow.enc path{stroke:${enc}}.arrow text{fill:${fg}}.arrow .time{fill:${muted}}` +
      `.link{stroke:${muted};stroke-dasharray:2 3;fill:none}.arrow:focus line,.arrow:hover line{stroke-width:3}</style>`,
  );
  model.lifelines.forEach((l, i) => {
    out.push(
      `<g class="lifeline" data-entity="${escapeXml(l.id)}"><title>${escapeXml(`${l.kind === 'server' ? 'Server' : 'Entity'} ${l.id}`)}</title>` +
        `<rect class="head" x="${x(i) - LANE / 2 + 8}" y="${MARGIN}" width="${LANE - 16}" height="26" rx="4"/>` +
        `<text x="${x(i)}" y="${MARGIN + 17}" text-anchor="middle">${escapeXml(l.id.length > 30 ? `${l.id.slice(0, 29)}…` : l.id)}</text>` +
        `<line class="life" x1="${x(i)}" y1="${MARGIN + 26}" x2="${x(i)}" y2="${height - MARGIN}"/></g>`,
    );
  });
  const yOf = new Map<number, number>();
  model.arrows.forEach((a, k) => yOf.set(a.stanza, HEAD + MARGIN + k * STEP + STEP / 2));
  model.arrows.forEach((a) => {
    const y = yOf.get(a.stanza)!;
    const x1 = x(a.from);
    const x2 = x(a.to);
    const cls = a.verdict ? ` ${VERDICT_CLASS[a.verdict]}` : '';
    const icon = a.e2e ? `🔒${a.verdict ? VERDICT_ICON[a.verdict] : ''} ` : '';
    const who = `${model.lifelines[a.from].id} → ${model.lifelines[a.to].id}`;
    const tip = [`Stanza ${a.stanza + 1}: ${a.label}`, who, a.time, a.lens, a.link !== undefined ? `${a.linkKind} of stanza ${a.link + 1}` : undefined].filter(Boolean).join('\n');
    const shape = x1 === x2
      ? `<path d="M${x1} ${y - 6}h40v12h-40"/>`
      : `<line x1="${x1}" y1="${y}" x2="${x2 + (x2 > x1 ? -2 : 2)}" y2="${y}"/>`;
    const tx = x1 === x2 ? x1 + 46 : (x1 + x2) / 2;
    out.push(
      `<g class="arrow${cls}" data-index="${a.stanza}" tabindex="0" role="button" aria-label="${escapeXml(tip.replace(/\n/g, ', '))}"><title>${escapeXml(tip)}</title>${shape}` +
        `<text x="${tx}" y="${y - 4}" text-anchor="${x1 === x2 ? 'start' : 'middle'}">${escapeXml(icon + a.label)}</text></g>`,
    );
    // A response/error points back at its request with a dotted bracket on the left margin.
    if (a.link !== undefined && (a.linkKind === 'response' || a.linkKind === 'error') && yOf.has(a.link)) {
      const y0 = yOf.get(a.link)!;
      out.push(`<path class="link" data-from="${a.link}" data-to="${a.stanza}" d="M${MARGIN / 2 + 4} ${y0}h-4v${y - y0}h4"><title>${escapeXml(`${a.linkKind} of stanza ${a.link + 1}`)}</title></path>`);
    }
  });
  out.push('</svg>');
  return out.join('\n');
}
