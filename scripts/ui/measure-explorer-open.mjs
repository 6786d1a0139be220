// How long "XMPP E2E: Open Trace Explorer" takes to show its first rows in the real workbench
// (code-server in Chromium), for a 400- and a 50,000-stanza trace, repeated, with where the time
// goes: the host's steps (command, panel created, HTML set, server asked and answered, model
// posted) and the page's (its document started, script ran, 'ready' sent, model received, rows in
// the DOM, the frame that paints them), all on one clock (Date.now()). The baselines: an empty
// webview panel (a one-command extension installed beside ours, scripts/ui/webviewBaseline.mjs)
// opened beside the same editors, marked the same way, and the built-in Markdown preview of a
// one-line file to the side: what any webview costs in this workbench.
// Prints numbers; asserts nothing about time. Needs the packaged .vsix (node scripts/ui/package.mjs)
// and code-server (bash scripts/ui/install.sh).
// Usage: node scripts/ui/measure-explorer-open.mjs [--reps N] [--big N]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASELINE_COMMAND, packWebviewBaseline } from './webviewBaseline.mjs';
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

const tmp = mkdtempSync(join(tmpdir(), 'xmpp-e2e-timing-'));
const s = await openSession({ trust: true, label: 'explorer-timing', extraVsix: [packWebviewBaseline(tmp)] });
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

/** The page's steps as ms after `t0`, and `seen`: when a poll from here first saw the content. */
async function steps(t0, seenSelector) {
  const seen = await waitFor(async () => ((await view().locator(seenSelector).count()) > 0 ? Date.now() : 0), { what: seenSelector, timeout: 60_000, interval: 10 });
  await waitFor(async () => (await view().locator('body').getAttribute('data-t-frame', { timeout: 2_000 })) !== null, { what: 'the painted frame marker' });
  const d = await view().locator('body').evaluate((b) => ({ ...b.dataset }));
  const at = (k) => (d[k] === undefined ? NaN : Number(d[k]) - t0);
  return {
    command: at('tCommand'), panel: at('tPanel'), asked: at('tAsked'), answered: at('tAnswered'), html: at('tHtml'),
    origin: at('tOrigin'), navDcl: at('tNavDcl'), script: at('tScript'), ready: at('tReady'), posted: at('tPosted'), model: at('tModel'),
    rows: at('tRows'), frame: at('tFrame'), seen: seen - t0, embedded: d.embedded === 'true',
  };
}

/** One opening of the explorer on an analysed trace. */
async function timeExplorer(name, total) {
  await openAnalysed(name);
  const t0 = await pressCommand('XMPP E2E: Open Trace Explorer');
  const r = await steps(t0, '#spacer .row:nth-child(6)');
  if (Number((await view().locator('#counts').getAttribute('data-total')) ?? 0) !== total) throw new Error(`expected ${total} stanzas`);
  return r;
}

/** The empty panel, opened beside the same analysed trace. */
async function timeEmpty(name) {
  await openAnalysed(name);
  const t0 = await pressCommand(BASELINE_COMMAND);
  return steps(t0, '#empty');
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
const KEYS = ['command', 'panel', 'asked', 'answered', 'html', 'origin', 'navDcl', 'script', 'ready', 'posted', 'model', 'rows', 'frame', 'seen'];

function report(label, runs) {
  console.log(`\n# ${label}: ms after Enter on the command, ${runs.length} runs (median [each])`);
  const embedded = runs.filter((r) => r.embedded).length;
  if ('embedded' in runs[0] && embedded) console.log(`#   (the first rows came in the page's HTML in ${embedded} of ${runs.length} runs)`);
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
  const emptySmall = [];
  const emptyBig = [];
  const md = [];
  // A first opening of each warms the caches (extension activation, the webview's service worker).
  await timeExplorer('small.xmpp', SMALL);
  await timeEmpty('small.xmpp');
  await timeMarkdown();
  for (let r = 0; r < REPS; r++) {
    small.push(await timeExplorer('small.xmpp', SMALL));
    big.push(await timeExplorer('big.xmpp', BIG));
    emptySmall.push(await timeEmpty('small.xmpp'));
    emptyBig.push(await timeEmpty('big.xmpp'));
    md.push(await timeMarkdown());
    process.stderr.write(`run ${r + 1}/${REPS}: painted: explorer ${SMALL}: ${small.at(-1).frame} ms, ${BIG}: ${big.at(-1).frame} ms; empty panel: ${emptySmall.at(-1).frame} ms, ${emptyBig.at(-1).frame} ms; markdown preview seen: ${md.at(-1).seen} ms\n`);
  }
  report(`explorer, ${SMALL} stanzas`, small);
  report(`explorer, ${BIG} stanzas`, big);
  report(`baseline: an empty webview panel beside the ${SMALL}-stanza trace`, emptySmall);
  report(`baseline: an empty webview panel beside the ${BIG}-stanza trace`, emptyBig);
  report('baseline: the built-in Markdown preview of a one-line file, to the side', md);
  const f = (xs) => median(xs.map((x) => x.frame));
  console.log(`\n# first rows painted (median): ${SMALL} stanzas ${f(small)} ms, ${BIG} stanzas ${f(big)} ms (${(f(big) / f(small)).toFixed(2)}x); ` +
    `an empty webview panel painted: ${f(emptySmall)} ms beside ${SMALL}, ${f(emptyBig)} ms beside ${BIG}; ` +
    `explorer over empty panel: ${(f(small) / f(emptySmall)).toFixed(2)}x (${SMALL}), ${(f(big) / f(emptyBig)).toFixed(2)}x (${BIG})`);
} finally {
  await s.close();
  rmSync(tmp, { recursive: true, force: true });
}
