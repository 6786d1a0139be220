// The extension in Restricted Mode: the user declines to trust the workspace, so no key is
// loaded, and sealing explains why it is unavailable instead of doing anything.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openSession } from './session.mjs';
import { EXT, JULIET } from './workspace.mjs';
import { waitFor } from './workbench.mjs';

const STEP = { timeout: 180_000 };

let s;

before(async () => {
  s = await openSession({ trust: false, label: 'restricted' });
});

after(async () => {
  await s?.close();
});

const step = (name, fn) => s.step(name, fn);

test('declining the trust prompt opens the folder in Restricted Mode', STEP, async () => {
  await step('restricted-trust', async () => {
    const prompt = await s.wb.waitForNotification(/trust the authors/i, 60_000);
    assert.match(prompt, /trust/i);
    await s.wb.screenshot('restricted-prompt');
    await s.wb.clickDialogButton(/No, I don.t trust|Don.t Trust/i);
    await s.wb.waitForExplorer();
    const status = await s.wb.statusBarText();
    assert.match(status, /Restricted Mode/i, `status bar: ${status}`);
  });
});

test('in Restricted Mode no key is loaded: the encrypted object is not opened', STEP, async () => {
  await step('restricted-nokey', async () => {
    await s.wb.openFile(`sealed${EXT}`);
    await s.wb.openProblems();
    // With keys, this trace decrypts cleanly; without them the server can only say why not.
    const rows = await s.wb.waitForProblemCodes([/e2e\.decrypt\.noKey/]);
    assert.ok(!rows.join('\n').includes('e2e.decrypt.failed'), 'no decryption was attempted');
    const hover = await s.wb.hover('e2e', { expect: (t) => /restricted|trust|no key|not loaded/i.test(t) });
    assert.ok(!hover.includes('It is the east'), 'the hover shows no decrypted content');
    assert.ok(!hover.includes(`signed by ${JULIET}`), 'no signer is claimed without decrypting');
    await s.wb.screenshot('restricted-nokey');
  });
});

test('in Restricted Mode, Seal explains why it is unavailable and leaves the file alone', STEP, async () => {
  await step('restricted-seal', async () => {
    const before = readFileSync(s.ws.plain, 'utf8');
    await s.wb.openFile(`plain${EXT}`);
    await s.wb.runCommand('Seal: Sign and Encrypt').catch((e) => {
      throw new Error(`the palette does not offer "Seal: Sign and Encrypt" in Restricted Mode, so nothing explains why sealing is unavailable (${e.message})`);
    });
    await s.wb.mouseAway();
    const note = await s.wb.waitForNotification(/Restricted Mode|trust/i);
    assert.match(note, /Restricted Mode|not trusted|trust/i, `the notification explains why: ${note}`);
    await s.wb.screenshot('restricted-seal');
    const text = (await s.wb.editorLines()).join('\n');
    assert.ok(!text.includes('<e2e'), 'the editor was not sealed');
    assert.equal(readFileSync(s.ws.plain, 'utf8'), before, 'the file on disk is unchanged');
  });
});

test('in Restricted Mode the menus show Seal disabled with its reason, and the status bar says why', STEP, async () => {
  await step('restricted-menus', async () => {
    await s.wb.closeAllEditors();
    await s.wb.openFile(`sealed${EXT}`);
    const title = await waitFor(async () => {
      const t = await s.wb.titleActions();
      return t.some((a) => /Restricted Mode/.test(a.label)) ? t : null;
    }, { what: 'the title bar Seal entry in Restricted Mode' });
    const seal = title.find((a) => /Restricted Mode/.test(a.label));
    assert.match(seal.label, /Seal: unavailable in Restricted Mode \(trust the workspace to use keys\)/);
    assert.equal(seal.disabled, true, 'the title bar Seal is disabled');
    assert.ok(!title.some((a) => a.label.includes('Seal: Sign and Encrypt')), 'no enabled Seal in the title bar');
    const items = await s.wb.openEditorSubmenu('e2e', 'XMPP E2E');
    await s.wb.screenshot('restricted-menu');
    await s.wb.closeMenu();
    const unavailable = items.find((i) => /Seal: unavailable in Restricted Mode/.test(i.label));
    assert.ok(unavailable, `the context submenu: ${items.map((i) => i.label).join(', ')}`);
    assert.equal(unavailable.disabled, true);
    assert.ok(!items.some((i) => i.label.startsWith('Seal: Sign')), 'no enabled Seal in the context menu');
    assert.ok(items.some((i) => i.label.startsWith('Open Decoded Object') && !i.disabled), 'viewing still works');
    const status = await waitFor(async () => {
      const t = await s.wb.xmppStatus();
      return /XMPP E2E: .*Restricted Mode/.test(t) ? t : '';
    }, { what: 'the status bar entry in Restricted Mode' });
    assert.match(status, /XMPP E2E: 1 encrypted \(no key\) · Restricted Mode/);
  });
});
