// Drives the VS Code workbench in Chromium as a person would: Quick Open, the command palette,
// the Problems panel, hovers, code lenses, notifications. Every wait polls what the UI shows
// (with a timeout); there are no fixed sleeps.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { resultsDir } from './paths.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Polls `fn` until it returns a truthy value, and returns that value.
 * @template T
 * @param {() => Promise<T> | T} fn
 * @param {{ timeout?: number, interval?: number, what: string }} opts
 * @returns {Promise<T>}
 */
export async function waitFor(fn, { timeout = 30_000, interval = 150, what }) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Text as VS Code renders it (non-breaking spaces for spaces). */
function plain(s) {
  return (s ?? '').replace(/\u00a0/g, ' ');
}

export class Workbench {
  /** @param {import('playwright-core').Browser} browser @param {import('playwright-core').Page} page */
  constructor(browser, page) {
    this.browser = browser;
    this.page = page;
    this.shots = [];
  }

  /** Launches Chromium and opens `url`; waits for the workbench. */
  static async open(url, { trustPrompt = false } = {}) {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    });
    const context = await browser.newContext({ viewport: { width: 1360, height: 820 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const wb = new Workbench(browser, page);
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    if (!trustPrompt) await wb.waitForExplorer();
    return wb;
  }

  async waitForExplorer() {
    await this.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  }

  async screenshot(name) {
    mkdirSync(resultsDir, { recursive: true });
    const path = join(resultsDir, `${name}.png`);
    await this.page.screenshot({ path });
    this.shots.push(path);
    return path;
  }

  async close() {
    await this.browser.close();
  }

  // ------------------------------------------------------------------ quick input

  quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  async quickInputRows() {
    return this.page.$$eval('.quick-input-widget .quick-input-list .monaco-list-row', (rows) =>
      rows.map((r) => (r.getAttribute('aria-label') ?? r.textContent ?? '').replace(/\u00a0/g, ' ')),
    );
  }

  /**
   * Types into the visible quick input, waits for a row matching `match`, and picks it. The list
   * re-renders as results arrive (history first, then file or command results), so a click can
   * land on a row that just went away: it is retried until the quick input accepts it.
   */
  async pickQuickInput(text, match, timeout = 20_000) {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(text);
    const matches = (r) => (typeof match === 'string' ? r.includes(match) : match.test(r));
    await waitFor(
      async () => {
        const rows = await this.quickInputRows();
        const i = rows.findIndex(matches);
        if (i < 0) return false;
        const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').nth(i);
        const label = await row
          .evaluate((el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\u00a0/g, ' '), null, { timeout: 1_000 })
          .catch(() => '');
        if (!matches(label)) return false;
        await row.click({ timeout: 2_000 }).catch(() => {});
        // Accepted when the quick input closed or moved on (a follow-up prompt has other text).
        return waitFor(
          async () => !(await input.isVisible()) || (await input.inputValue()) !== text,
          { what: 'the quick input to accept the pick', timeout: 2_000 },
        ).catch(() => false);
      },
      { what: `a quick input row matching ${match}`, timeout, interval: 200 },
    );
  }

  /** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor tab. */
  async openFile(name) {
    await this.mouseAway();
    // A file the test has just written may be missing from Quick Open's cached file list (its
    // watcher lags on a loaded machine): reopening Quick Open searches again.
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Control+P');
      try {
        await this.pickQuickInput(name, name, 10_000);
        break;
      } catch (err) {
        if (attempt >= 4) throw err;
        await this.page.keyboard.press('Escape');
        await this.page.waitForTimeout(1_000);
      }
    }
    await waitFor(
      async () => (await this.activeTab()).includes(name),
      { what: `the editor tab of ${name}` },
    );
    await this.waitForEditorText((t) => t.trim().length > 0, `text of ${name}`);
  }

  /**
   * Runs a command from the palette (F1): the row whose label contains `title`. The palette lists
   * the commands enabled when it opened: a command whose context key is set just after (the
   * extension activating for the file just opened) shows only in a palette opened again.
   */
  async runCommand(title) {
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      try {
        await this.pickQuickInput(`>${title}`, title, 10_000);
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
        await this.page.keyboard.press('Escape');
        await this.page.waitForTimeout(1_000);
      }
    }
  }

  // ------------------------------------------------------------------ editor

  /** Lines of the active editor as rendered (only the visible ones: traces in the suite are short). */
  async editorLines() {
    return this.page.$$eval('.editor-group-container.active .monaco-editor .view-lines .view-line', (lines) =>
      lines
        .map((l) => ({ top: parseFloat(l.style.top || '0'), text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
  }

  async waitForEditorText(pred, what, timeout = 30_000) {
    return waitFor(async () => {
      const text = (await this.editorLines()).join('\n');
      return pred(text) ? text : '';
    }, { what, timeout });
  }

  /** The label of the active editor group's active tab. */
  async activeTab() {
    return plain(await this.page.locator('.editor-group-container.active .tabs-container .tab.active').first().textContent());
  }

  /** Pages down through the active editor, as a reader would, until the text of this page and the
   *  one before satisfies `pred` (a passage may straddle two pages); returns that text. */
  async pageDownUntil(pred, what, pages = 200) {
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+Home');
    let previous = '';
    for (let i = 0; i < pages; i++) {
      const page = (await this.editorLines()).join('\n');
      const text = `${previous}\n${page}`;
      if (pred(text)) return text;
      previous = page;
      await this.page.keyboard.press('PageDown');
      await this.page.waitForTimeout(60);
    }
    throw new Error(`paged ${pages} times without finding ${what}`);
  }

  /** Focuses the active editor and moves to the end of the document, as a reader scrolling down. */
  async scrollToEnd() {
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+End');
  }

  /** Client rectangle of the `occurrence`-th `needle` in the active editor's rendered lines. */
  async rectOf(needle, occurrence = 0) {
    return this.page.evaluate(
      ({ needle, occurrence }) => {
        const lines = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line')]
          .sort((a, b) => parseFloat(a.style.top || '0') - parseFloat(b.style.top || '0'));
        let seen = 0;
        for (const line of lines) {
          const text = (line.textContent ?? '').replace(/\u00a0/g, ' ');
          let at = text.indexOf(needle);
          while (at >= 0) {
            if (seen++ === occurrence) {
              // Walk the text nodes to the character offset, then measure a DOM range over the needle.
              const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
              let pos = 0;
              let startNode = null, startOff = 0, endNode = null, endOff = 0;
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const len = n.textContent.length;
                if (!startNode && at < pos + len) { startNode = n; startOff = at - pos; }
                if (startNode && at + needle.length <= pos + len) { endNode = n; endOff = at + needle.length - pos; break; }
                pos += len;
              }
              if (!startNode || !endNode) return null;
              const range = document.createRange();
              range.setStart(startNode, startOff);
              range.setEnd(endNode, endOff);
              const r = range.getBoundingClientRect();
              return { x: r.x, y: r.y, width: r.width, height: r.height };
            }
            at = text.indexOf(needle, at + 1);
          }
        }
        return null;
      },
      { needle, occurrence },
    );
  }

  /** Moves the mouse over `needle` and returns the hover's text once it has content. */
  async hover(needle, { occurrence = 0, expect = () => true } = {}) {
    await waitFor(() => this.rectOf(needle, occurrence), { what: `"${needle}" in the editor` });
    let text = '';
    await waitFor(
      async () => {
        // Measured again each poll: code lenses appearing above move the text down a line.
        const rect = await this.rectOf(needle, occurrence);
        if (!rect) return false;
        const x = rect.x + Math.min(rect.width / 2, 12);
        const y = rect.y + rect.height / 2;
        // Re-enter the position each poll: a hover hidden by a repaint is shown again.
        await this.page.mouse.move(x + 1, y);
        await this.page.mouse.move(x, y);
        text = plain(
          await this.page
            .locator('.monaco-hover:not(.hidden) .monaco-hover-content')
            .allTextContents()
            .then((a) => a.join('\n')),
        );
        return text.trim().length > 0 && !/^\s*Loading\.\.\.\s*$/.test(text) && expect(text);
      },
      { what: `a hover over "${needle}"`, timeout: 30_000, interval: 400 },
    ).catch((e) => {
      throw new Error(`${e.message}; last hover text: ${text.trim() ? text : '(none)'}`);
    });
    return text;
  }

  /** Texts of the code lenses rendered in the active editor. */
  async codeLenses() {
    return this.page.$$eval('.editor-group-container.active .monaco-editor .codelens-decoration', (els) =>
      els.map((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ')),
    );
  }

  /**
   * Clicks the code lens whose text matches. Lenses are re-rendered as they refresh (their DOM
   * nodes are replaced), so the click goes to the lens's position rather than to a node handle.
   */
  async clickCodeLens(match) {
    const re = typeof match === 'string' ? new RegExp(match.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : match;
    const rect = await waitFor(
      () =>
        this.page.evaluate(
          ({ source, flags }) => {
            const re = new RegExp(source, flags);
            const a = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .codelens-decoration a')]
              .find((el) => re.test((el.textContent ?? '').replace(/\u00a0/g, ' ')));
            if (!a) return null;
            const r = a.getBoundingClientRect();
            return r.width > 0 ? { x: r.x + Math.min(r.width / 2, 20), y: r.y + r.height / 2 } : null;
          },
          { source: re.source, flags: re.flags },
        ),
      { what: `a code lens matching ${re}` },
    );
    await this.page.mouse.click(rect.x, rect.y);
  }

  /** Parks the mouse over the empty part of the Explorer, where nothing shows a tooltip. */
  async mouseAway() {
    await this.page.mouse.move(150, 600);
  }

  /** A clean editor area for the next step (and its screenshot). */
  async closeAllEditors() {
    await this.runCommand('View: Close All Editors');
    await waitFor(async () => (await this.page.locator('.tabs-container .tab').count()) === 0, { what: 'all editors closed' });
  }

  async hidePanel() {
    if (!(await this.page.locator('.part.panel').isVisible())) return;
    await this.runCommand('View: Hide Panel');
    await this.page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 15_000 });
  }

  async save() {
    await this.page.keyboard.press('Control+S');
    await waitFor(
      async () => !(await this.page.locator('.editor-group-container.active .tabs-container .tab.active.dirty').count()),
      { what: 'the active editor to be saved' },
    );
  }

  // ------------------------------------------------------------------ panels and notifications

  async openProblems() {
    await this.runCommand('View: Focus Problems');
    await this.page.locator('.markers-panel').first().waitFor({ state: 'visible', timeout: 15_000 });
  }

  /** Texts of the Problems panel's rows (file rows and marker rows). */
  async problems() {
    return this.page.$$eval('.markers-panel .monaco-list-row', (rows) =>
      rows.map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ')),
    );
  }

  /** Waits until every code in `codes` appears in the Problems panel; returns the rows. */
  async waitForProblemCodes(codes, timeout = 60_000) {
    return waitFor(async () => {
      const rows = await this.problems();
      const all = rows.join('\n');
      return codes.every((c) => (typeof c === 'string' ? all.includes(c) : c.test(all))) ? rows : null;
    }, { what: `problems ${codes.join(', ')}`, timeout });
  }

  /** Texts of the visible notification toasts and modal dialogs. */
  async notifications() {
    const toasts = await this.page.$$eval(
      '.notifications-toasts .notification-toast, .notifications-center .notification-list-item, .monaco-dialog-box',
      (els) =>
        els
          // Only what a person can see: laid out, and toasts once their fade-in has finished.
          .filter((e) => e.getBoundingClientRect().height > 0)
          .filter((e) => !e.classList.contains('notification-toast') || e.classList.contains('notification-fade-in-done'))
          .map((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ')),
    );
    return toasts;
  }

  async waitForNotification(match, timeout = 30_000) {
    return waitFor(async () => {
      const all = await this.notifications();
      return all.find((t) => (typeof match === 'string' ? t.includes(match) : match.test(t)));
    }, { what: `a notification matching ${match}`, timeout });
  }

  /** Clicks a button of the modal dialog (e.g. the Workspace Trust prompt). */
  async clickDialogButton(match) {
    const button = this.page.locator('.monaco-dialog-box .monaco-button').filter({ hasText: match }).first();
    await button.waitFor({ state: 'visible', timeout: 60_000 });
    await button.click();
  }

  async statusBarText() {
    return plain(await this.page.locator('.part.statusbar').innerText());
  }

  /** The extension's status bar entry (`XMPP E2E: ...`), or '' when it is hidden. */
  async xmppStatus() {
    const items = await this.page.$$eval('.part.statusbar .statusbar-item', (els) => els.map((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ').trim()));
    return items.find((t) => t.includes('XMPP E2E')) ?? '';
  }

  // ------------------------------------------------------------------ menus

  /** The active editor's title-bar actions: label and whether they are disabled. */
  async titleActions() {
    return this.page.$$eval('.editor-group-container.active .editor-actions .action-item .action-label', (els) =>
      els.map((e) => ({ label: e.getAttribute('aria-label') ?? e.getAttribute('title') ?? '', disabled: e.classList.contains('disabled') || e.getAttribute('aria-disabled') === 'true' })),
    );
  }

  /** Items of the open context menu (and its open submenus): label and disabled state. */
  async menuItems() {
    return this.page.$$eval('.context-view .monaco-menu .action-item', (els) =>
      els
        .map((e) => {
          const label = e.querySelector('.action-label');
          return { label: (label?.getAttribute('aria-label') || label?.textContent || '').replace(/\u00a0/g, ' ').trim(), disabled: e.classList.contains('disabled') };
        })
        .filter((i) => i.label),
    );
  }

  /** Right-clicks `needle` in the active editor and opens the context submenu `submenu`. */
  async openEditorSubmenu(needle, submenu) {
    const item = this.page.locator('.context-view .monaco-menu .action-item').filter({ hasText: submenu }).first();
    // The submenu appears once the editor's language id is known; a right-click that lands while
    // the editor is still settling (lenses arriving, layout shifting) opens a menu without it, so retry.
    for (let attempt = 1; ; attempt++) {
      const rect = await waitFor(() => this.rectOf(needle), { what: `"${needle}" in the editor` });
      const x = rect.x + 2, y = rect.y + rect.height / 2;
      if (attempt % 2 === 1) await this.page.mouse.click(x, y, { button: 'right' });
      else {
        // Shift+F10 opens the same menu from the keyboard, at the caret, whatever lies over the text.
        await this.page.mouse.click(x, y);
        await this.page.keyboard.press('Shift+F10');
      }
      try {
        await item.waitFor({ state: 'visible', timeout: 6_000 });
        break;
      } catch (err) {
        const shown = (await this.menuItems().catch(() => [])).map((i) => i.label);
        if (attempt >= 4) throw new Error(`no "${submenu}" in the editor context menu after ${attempt} tries; it showed: ${shown.join(', ') || 'nothing'}`, { cause: err });
        await this.closeMenu();
        await this.page.waitForTimeout(1_000);
      }
    }
    await item.hover();
    await waitFor(async () => (await this.page.locator('.context-view .monaco-menu').count()) > 1, { what: `the ${submenu} submenu` });
    return this.menuItems();
  }

  /** Clicks the visible menu item whose label starts with `label` (menus live in a shadow root: Playwright's selectors pierce it). */
  async clickMenuItem(label) {
    const rect = await waitFor(async () => {
      let found = null;
      for (const h of await this.page.$$('.context-view .monaco-menu .action-item')) {
        const text = await h.$eval('.action-label', (l) => (l.getAttribute('aria-label') || l.textContent || '').replace(/\u00a0/g, ' ').trim()).catch(() => '');
        const box = await h.boundingBox();
        if (text.startsWith(label) && box && box.height > 0) found = box;
      }
      return found;
    }, { what: `the menu item ${label}` });
    const y = rect.y + rect.height / 2;
    await this.page.mouse.move(rect.x + rect.width - 4, y);
    await this.page.mouse.move(rect.x + 20, y);
    await this.page.mouse.click(rect.x + 20, y);
  }

  async closeMenu() {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Escape');
  }

  /** Texts drawn after line contents by decorations (e.g. folded-body summaries). */
  async afterDecorations() {
    return this.page.$$eval('.editor-group-container.active .monaco-editor .view-lines .view-line span[class*="ced-"]', (els) =>
      els.map((e) => getComputedStyle(e, '::after').content).filter((c) => c && c !== 'none'),
    );
  }
}
