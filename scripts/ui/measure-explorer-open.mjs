// How long "XMPP E2E: Open Trace Explorer" takes to show its first rows in the real workbench
// (code-server in Chromium), for a 400- and a 50,000-stanza trace, repeated, with where the time
// goes: the host's steps (command, panel created, HTML set, server asked and answered, model
// posted) and the page's (its document started, script ran, 'ready' sent, model received, rows in
// the DOM, the frame that paints them), all on one clock (Date.now()). The baseline: the built-in
// Markdown preview (another extension's webview panel) opened to the side the same way, from the
// command to its text in the DOM: what any webview costs in this workbench.
// Prints numbers; asserts nothing about time. Needs the packaged .vsix (node scripts/ui/package.mjs)
// and code-server (bash scripts/ui/install.sh).
// Usage: node scripts/ui/measure-explorer-open.mjs [--reps N] [--big N]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSession } from '../../test/ui/session.mjs';
import { waitFor } from '../../test/ui/workbench.mjs';
import { sessionLog } from '../../test/ui/explorerLog.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const REPS = arg('--reps', 4);
const SMALL = 400;
const BIG = arg('--big', 50_000);

const s = await openSession({ trust: true, label: 'explorer-timing' });
const view = () => s.wb.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

/** Runs a palette command, timed from the key press or click that runs it (the palette's typing left out). */
async function pressCommand(title) {
  await s.wb.page.keyboard.press('F1');
  const input = s.wb.page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  const rows = s.wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  const labels = async () => (await s.wb.quickInputRows().catch(() => []));
  const at = await waitFor(async () => {
    const i = (await labels()).findIndex((l) => l.includes(title));
    return i >= 0 ? i + 1 : 0;
  }, { what: `${title} in the palette`, interval: 50 }).catch(async (e) => {
    throw new Error(`${e.message}; rows: ${(await labels()).join(' | ')}`);
  });
  const focused = (await rows.nth(at - 1).getAttribute('class')) ?? '';
  const t0 = Date.now();
  if (focused.includes('focused')) await s.wb.page.keyboard.press('Enter');
  else await rows.nth(at - 1).click();
  return t0;
}

async function openAnalysed(name) {
  await s.wb.closeAllEditors();
  await s.wb.openFile(name);
  await waitFor(async () => (await s.wb.xmppStatus()).includes('no e2e objects'), { what: `the analysis of ${name}`, timeout: 120_000 });
  // Outline, folding and lenses of the trace come first; then the server and the workbench are idle.
  await new Promise((r) => setTimeout(r, 4_000));
}

/** One opening of the explorer: the steps as ms after Enter, and when a poll from here first saw rows. */
async function timeExplorer(name, total) {
  await openAnalysed(name);
  const t0 = await pressCommand('XMPP E2E: Open Trace Explorer');
  const seen = await waitFor(async () => ((await view().locator('#spacer .row').count()) > 5 ? Date.now() : 0), { what: 'the first rows', timeout: 60_000, interval: 10 });
  await waitFor(async () => (await view().locator('body').getAttribute('data-t-frame', { timeout: 2_000 })) !== null, { what: 'the painted frame marker' });
  const d = await view().locator('body').evaluate((b) => ({ ...b.dataset }));
  if (Number((await view().locator('#counts').getAttribute('data-total')) ?? 0) !== total) throw new Error(`expected ${total} stanzas`);
  const at = (k) => (d[k] === undefined ? NaN : Number(d[k]) - t0);
  return {
    command: at('tCommand'), panel: at('tPanel'), asked: at('tAsked'), answered: at('tAnswered'), html: at('tHtml'),
    origin: at('tOrigin'), script: at('tScript'), ready: at('tReady'), posted: at('tPosted'), model: at('tModel'),
    rows: at('tRows'), frame: at('tFrame'), seen: seen - t0,
  };
}

/** The baseline: the Markdown preview of a one-line file to the side, to its text in the DOM. */
async function timeMarkdown() {
  await s.wb.closeAllEditors();
  await s.wb.openFile('note.md');
  await new Promise((r) => setTimeout(r, 2_000));
  const t0 = await pressCommand('Markdown: Open Preview to the Side');
  const seen = await waitFor(async () => ((await view().locator('body').textContent({ timeout: 1_000 }).catch(() => '')).includes('Webview baseline') ? Date.now() : 0), { what: 'the preview text', timeout: 60_000, interval: 10 });
  return { seen: seen - t0 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const KEYS = ['command', 'panel', 'html', 'asked', 'answered', 'origin', 'script', 'ready', 'posted', 'model', 'rows', 'frame', 'seen'];

function report(label, runs) {
  console.log(`\n# ${label}: ms after Enter on the command, ${runs.length} runs (median [each])`);
  for (const k of KEYS.filter((k) => k in runs[0])) {
    const xs = runs.map((r) => r[k]);
    if (xs.every((x) => Number.isNaN(x))) continue;
    console.log(`#   ${k.padEnd(9)} ${String(median(xs)).padStart(6)}  [${xs.join(', ')}]`);
  }
}

try {
  writeFileSync(join(s.ws.dir, 'small.xmpp'), sessionLog(SMALL));
  writeFileSync(join(s.ws.dir, 'big.xmpp'), sessionLog(BIG));
  writeFileSync(join(s.ws.dir, 'note.md'), '# Webview baseline\n');
  const small = [];
  const big = [];
  const md = [];
  // A first opening of each warms the caches (extension activation, the webview's service worker).
  await timeExplorer('small.xmpp', SMALL);
  await timeMarkdown();
  for (let r = 0; r < REPS; r++) {
    small.push(await timeExplorer('small.xmpp', SMALL));
    big.push(await timeExplorer('big.xmpp', BIG));
    md.push(await timeMarkdown());
    process.stderr.write(`run ${r + 1}/${REPS}: ${SMALL}: ${small.at(-1).frame} ms, ${BIG}: ${big.at(-1).frame} ms, markdown preview: ${md.at(-1).seen} ms\n`);
  }
  report(`explorer, ${SMALL} stanzas`, small);
  report(`explorer, ${BIG} stanzas`, big);
  report('baseline: the built-in Markdown preview of a one-line file, to the side', md);
  const f = (xs) => median(xs.map((x) => x.frame));
  console.log(`\n# first rows painted, ${BIG} / ${SMALL} stanzas: ${(f(big) / f(small)).toFixed(2)}x; ${BIG} stanzas vs the Markdown preview's text: ${(median(big.map((x) => x.seen)) / median(md.map((x) => x.seen))).toFixed(2)}x (both as polled)`);
} finally {
  await s.close();
}
