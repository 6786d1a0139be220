// The trace explorer in a real VS Code (code-server) through Chromium: open it on a generated
// 400-stanza libstrophe log, count rows and a filter's rows in the webview's DOM, click a row and
// see the editor's cursor move, move the cursor and see the row selected, open the diagram, click
// an arrow, and export the report.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSession } from './session.mjs';
import { waitFor } from './workbench.mjs';

const STEP = { timeout: 180_000 };
const N = 400;
const J = 'juliet@example.com/balcony';
const R = 'romeo@example.net/orchard';
let s;
let file;

/** Stanza i on line i + 1: even ones juliet's messages, odd ones romeo's pings and their results. */
function sessionLog() {
  const t0 = Date.UTC(2026, 10, 30, 9, 0, 0);
  const lines = [];
  for (let i = 0; i < N; i++) {
    const d = new Date(t0 + i * 250).toISOString();
    const stamp = `${d.slice(0, 10)} ${d.slice(11, 19)}`;
    const xml = i % 2 === 0
      ? `RECV: <message from='${J}' to='${R}' type='chat' id='m${i}'><body>line ${i}</body></message>`
      : i % 4 === 1
        ? `SENT: <iq type='get' id='q${i}' to='example.net'><ping xmlns='urn:xmpp:ping'/></iq>`
        : `RECV: <iq type='result' id='q${i - 2}' from='example.net' to='${R}'/>`;
    lines.push(`${stamp} - xmpp: DBG: ${xml}`);
  }
  return lines.join('\n') + '\n';
}

before(async () => {
  s = await openSession({ trust: true, label: 'explorer' });
  file = join(s.ws.dir, 'session.xmpp');
  writeFileSync(file, sessionLog());
});

after(async () => {
  await s?.close();
});

const step = (name, fn) => s.step(name, fn);
/** The explorer's page: the webview's outer iframe, then its content frame. */
const view = () => s.wb.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
/** The 1-based line the (only) text editor's cursor is on, as its line numbers show it. */
const cursorLine = () => s.wb.page.locator('.monaco-editor .line-numbers.active-line-number').first().textContent({ timeout: 2_000 }).then((t) => Number(t?.trim()));

test('the explorer lists every stanza, virtualised, and a filter gives its count', STEP, async () => {
  await step('explorer-open', async () => {
    await s.wb.openFile('session.xmpp');
    await s.wb.runCommand('XMPP E2E: Open Trace Explorer');
    const counts = view().locator('#counts');
    await waitFor(async () => (await counts.getAttribute('data-total', { timeout: 2_000 })) === String(N), { what: `${N} stanzas in the explorer`, timeout: 60_000 });
    assert.equal(await counts.getAttribute('data-shown'), String(N));
    const domRows = await view().locator('#spacer .row').count();
    assert.ok(domRows > 5 && domRows < 120, `only the visible rows are in the DOM (${domRows} of ${N})`);
    assert.match(await view().locator('#grid').getAttribute('aria-rowcount'), new RegExp(`^${N + 1}$`));
    await s.wb.screenshot('explorer-table');
  });
  await step('explorer-filter', async () => {
    await view().locator('#filter').fill('from:juliet@example.com kind:message');
    await waitFor(async () => (await view().locator('#counts').getAttribute('data-shown', { timeout: 2_000 })) === String(N / 2), { what: 'the filtered count' });
    assert.match(await view().locator('#counts').textContent(), new RegExp(`^${N / 2} of ${N} stanzas$`));
    await view().locator('#filter').fill('kind:stanza');
    await waitFor(async () => /kind: must be message, presence, iq/.test((await view().locator('#filter-error').textContent({ timeout: 2_000 })) ?? ''), { what: 'the filter error' });
    await view().locator('#filter').fill('from:juliet@example.com kind:message');
    await waitFor(async () => (await view().locator('#counts').getAttribute('data-shown', { timeout: 2_000 })) === String(N / 2), { what: 'the filtered count again' });
    await s.wb.screenshot('explorer-filter');
  });
});

test('clicking a row moves the editor to its stanza; moving the cursor selects its row', STEP, async () => {
  await step('explorer-reveal', async () => {
    const third = view().locator('#spacer .row[data-index="4"]');
    await third.click();
    await waitFor(async () => (await cursorLine().catch(() => 0)) === 5, { what: 'the editor cursor on line 5 (stanza 5)' });
  });
  await step('explorer-follow', async () => {
    // Click into line 11 (stanza 11, juliet's message id m10), right of its line number.
    const rect = await waitFor(() => s.wb.page.evaluate(() => {
      const n = [...document.querySelectorAll('.monaco-editor .line-numbers')].find((el) => (el.textContent ?? '').trim() === '11');
      const r = n?.getBoundingClientRect();
      return r && r.width > 0 ? { x: r.right + 80, y: r.y + r.height / 2 } : null;
    }), { what: 'line 11 in the editor' });
    await s.wb.page.mouse.click(rect.x, rect.y);
    await waitFor(async () => (await cursorLine().catch(() => 0)) === 11, { what: 'the cursor on line 11' });
    await waitFor(async () => (await view().locator('#spacer .row.selected').getAttribute('data-index', { timeout: 2_000 })) === '10', { what: 'row 11 selected after the cursor moved' });
  });
});

test('the diagram has an arrow per shown stanza; clicking one reveals it', STEP, async () => {
  await step('explorer-diagram', async () => {
    await view().locator('#tab-diagram').click();
    const arrows = view().locator('#diagram .arrow');
    await waitFor(async () => (await arrows.count()) === N / 2, { what: `${N / 2} arrows` });
    assert.ok(await view().locator('#diagram .lifeline').count() >= 2);
    await view().locator('#diagram .arrow[data-index="6"]').click();
    await waitFor(async () => (await cursorLine().catch(() => 0)) === 7, { what: 'the editor cursor on line 7 (stanza 7)' });
    await s.wb.screenshot('explorer-diagram');
  });
});

test('Export Report writes the self-contained HTML report of the filtered stanzas', STEP, async () => {
  await step('explorer-report', async () => {
    await view().locator('#export-report').click();
    await s.wb.pickQuickInput('HTML', 'HTML');
    // The save dialog (code-server's simple dialog) offers the suggested path: accept it.
    const target = join(s.ws.dir, 'session-report.html');
    const input = s.wb.page.locator('.quick-input-widget .quick-input-box input');
    await waitFor(async () => (await input.inputValue({ timeout: 2_000 })).endsWith('session-report.html'), { what: 'the save dialog with the suggested name' });
    await s.wb.page.keyboard.press('Enter');
    await waitFor(() => existsSync(target), { what: `${target} written` });
    const html = readFileSync(target, 'utf8');
    const tbody = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
    assert.equal((tbody.match(/<tr class="stanza"/g) ?? []).length, N / 2);
    assert.equal((html.match(/<g class="arrow[ "]/g) ?? []).length, N / 2);
    assert.doesNotMatch(html, /<script|(src|href)=/);
  });
});
