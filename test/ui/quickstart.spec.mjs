// The README's Quick start, exactly as written, in a real VS Code (code-server) with DEFAULT settings:
// the repository's samples/ folder opened and trusted, nothing configured. Lenses say "· trusted",
// the status bar sums up the trace, base64 bodies are folded, the context menu offers Seal/Unseal/
// Open Decoded Object, and the language server starts only once a trace is open.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';
import { openSession } from './session.mjs';
import { waitFor } from './workbench.mjs';

const STEP = { timeout: 180_000 };
let s;

/** A copy of samples/ (the suite may seal in it) plus a non-trace XML file. */
function copySamples(root) {
  const dir = join(root, 'samples');
  cpSync(join(repoRoot, 'samples'), dir, { recursive: true });
  writeFileSync(join(dir, 'pom.xml'), '<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n</project>\n');
  return { dir };
}

/** PIDs of this session's language servers (node processes running the installed dist/server.js). */
function serverProcesses() {
  const r = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.includes(s.server.extensionsDir) && /dist\/server\.js/.test(l));
}

/** The extension's log (its LogOutputChannel "XMPP E2E"), wherever code-server keeps the logs. */
function extensionLog() {
  const found = [];
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n === 'XMPP E2E.log') found.push(p);
    }
  };
  if (existsSync(s.server.userDataDir)) walk(s.server.userDataDir);
  return found.map((f) => readFileSync(f, 'utf8')).join('\n');
}

before(async () => {
  s = await openSession({ trust: true, label: 'quickstart', build: copySamples });
});

after(async () => {
  await s?.close();
});

const step = (name, fn) => s.step(name, fn);

test('a non-trace XML file wakes the extension but does not start the language server', STEP, async () => {
  await step('quickstart-no-server', async () => {
    await s.wb.openFile('pom.xml');
    const log = await waitFor(() => (/pom\.xml: not an XMPP trace/.test(extensionLog()) ? extensionLog() : ''), {
      what: 'the extension to look at pom.xml (its log)',
      timeout: 60_000,
    });
    assert.match(log, /activated; the language server starts when a trace/);
    assert.deepEqual(serverProcesses(), [], 'no language server for a pom.xml');
    assert.equal(await s.wb.xmppStatus(), '', 'no status bar entry for a non-trace');
  });
});

test('Quick start step 2: 01-clean-session.xml with default settings, lenses say "· trusted"', STEP, async () => {
  await step('quickstart-trusted', async () => {
    await s.wb.closeAllEditors();
    await s.wb.openFile('01-clean-session.xml');
    const lenses = await waitFor(async () => {
      const l = await s.wb.codeLenses();
      return l.filter((t) => /signed by juliet@example\.com/.test(t)).length >= 3 ? l : null;
    }, { what: 'the signed objects\' code lenses', timeout: 90_000 });
    for (const l of lenses.filter((t) => /signed by/.test(t))) assert.match(l, /· trusted/, `lens: ${l}`);
    assert.ok(!lenses.some((l) => /no key in workspace/.test(l)), `the demo key opens the encrypted object: ${lenses.join(' | ')}`);
    assert.ok(serverProcesses().length >= 1, 'the language server runs once a trace is open');
    const status = await waitFor(async () => {
      const t = await s.wb.xmppStatus();
      return /XMPP E2E: 4 verified/.test(t) ? t : '';
    }, { what: 'the status bar entry' });
    assert.equal(status.replace(/^\W+/, ''), 'XMPP E2E: 4 verified');
    await s.wb.screenshot('quickstart-codelens');
  });
});

test('base64 bodies are folded on open: the stanzas, not the base64, fill the screen', STEP, async () => {
  await step('quickstart-folded', async () => {
    // Unfolded, the first object's 74 base64 lines alone fill the screen; folded, three objects show.
    const lines = await waitFor(async () => {
      const l = await s.wb.editorLines();
      return l.filter((t) => t.includes('<e2e')).length >= 3 ? l : null;
    }, { what: 'three <e2e/> objects on one screen (bodies folded)' });
    const base64 = lines.filter((t) => /^[A-Za-z0-9+/]{40,}={0,2}$/.test(t.trim()));
    assert.ok(base64.length <= 2, `base64 lines left visible: ${base64.length}`);
    assert.ok(lines.some((t) => /Content-Type: application\/pkcs7-mime/.test(t)), 'the MIME headers stay visible');
    const summaries = await s.wb.afterDecorations();
    assert.ok(summaries.some((c) => /base64 body: \d+ lines/.test(c)), `a one-line summary per folded body: ${summaries.join(' | ')}`);
    await s.wb.screenshot('folded');
  });
});

test('Quick start step 3: 02-tampered-and-mismatched.xml, Problems and status bar', STEP, async () => {
  await step('quickstart-problems', async () => {
    await s.wb.openFile('02-tampered-and-mismatched.xml');
    await s.wb.openProblems();
    await s.wb.waitForProblemCodes(['cms.sig.digestMismatch', 'e2e.sig.invalid', 'e2e.jid.mismatch'], 90_000);
    const status = await waitFor(async () => {
      const t = await s.wb.xmppStatus();
      return /failed/.test(t) ? t : '';
    }, { what: 'the status bar with failed objects' });
    assert.match(status, /XMPP E2E: 2 verified · 3 failed$/);
    await s.wb.hidePanel();
  });
});

test('the editor context menu and title bar offer Seal, Unseal and Open Decoded Object', STEP, async () => {
  await step('quickstart-menus', async () => {
    await s.wb.closeAllEditors();
    await s.wb.openFile('03-to-seal.xml');
    const items = await s.wb.openEditorSubmenu('Seal me', 'XMPP E2E');
    await s.wb.screenshot('context-menu');
    await s.wb.closeMenu();
    const labels = items.map((i) => i.label);
    for (const want of ['Seal: Sign and Encrypt', 'Unseal', 'Open Decoded Object']) {
      const it = items.find((i) => i.label.startsWith(want));
      assert.ok(it, `${want} in the context submenu: ${labels.join(', ')}`);
      assert.equal(it.disabled, false, `${want} enabled in a trusted workspace`);
    }
    assert.ok(!labels.some((l) => /Restricted Mode/.test(l)));
    const title = await s.wb.titleActions();
    for (const want of ['Seal: Sign and Encrypt', 'Unseal', 'Open Decoded Object']) assert.ok(title.some((a) => a.label.includes(want) && !a.disabled), `${want} in the title bar: ${JSON.stringify(title)}`);
  });
});

test('Quick start step 4: Seal: Sign and Encrypt from the context menu seals the plain message', STEP, async () => {
  await step('quickstart-seal', async () => {
    await s.wb.openEditorSubmenu('Seal me', 'XMPP E2E');
    await s.wb.clickMenuItem('Seal: Sign and Encrypt');
    await s.wb.mouseAway();
    await s.wb.waitForEditorText((t) => !t.includes('Seal me from the command palette') && t.includes("id='s1'><e2e"), 'the sealed stanza');
    await waitFor(async () => /XMPP E2E: 1 verified · 1 unreadable/.test(await s.wb.xmppStatus()), { what: 'the status bar counting the new object' });
    // Dated at its capture time, the new object passes the timestamp window of this capture.
    const lens = await waitFor(async () => (await s.wb.codeLenses()).find((l) => /signed by juliet@example\.com/.test(l)), { what: "the new object's lens" });
    assert.match(lens, /· trusted · ±0 s/, lens);
    await s.wb.save();
  });
});

test('the decoded view is highlighted and links back to its object in the trace', STEP, async () => {
  await step('quickstart-decoded', async () => {
    await s.wb.closeAllEditors();
    await s.wb.openFile('01-clean-session.xml');
    await s.wb.runCommand('Open Decoded Object');
    await waitFor(async () => /decoded/i.test(await s.wb.activeTab()), { what: "the decoded view's tab" });
    const text = await s.wb.waitForEditorText((t) => /^Source: 01-clean-session\.xml:\d+:\d+ \(object 1\)/m.test(t), 'the Source line');
    assert.match(text, /== Verdict/);
    const link = await waitFor(async () => {
      const n = await s.wb.page.locator('.editor-group-container.active .view-lines .detected-link').allTextContents();
      return n.find((t) => t.includes('01-clean-session.xml'));
    }, { what: 'a document link on the Source line' });
    assert.match(link, /01-clean-session\.xml:\d+:\d+/);
    // Highlighted: the section headings are tokens of their own colour, not plain text.
    const classes = await s.wb.page.$$eval('.editor-group-container.active .view-lines .view-line span span', (els) =>
      els.filter((e) => (e.textContent ?? '').startsWith('==')).map((e) => e.className),
    );
    assert.ok(classes.length > 0 && classes.some((c) => c !== 'mtk1'), `headings tokenized: ${classes.join(' ')}`);
    await s.wb.screenshot('decoded-links');
  });
});
