// The trace explorer in Restricted Mode: it needs no key, so it opens and lists the stanzas of a
// sealed trace; the object shows as encrypted (no key is loaded in an untrusted workspace).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openSession } from './session.mjs';
import { EXT } from './workspace.mjs';
import { waitFor } from './workbench.mjs';

const STEP = { timeout: 180_000 };
let s;

before(async () => {
  s = await openSession({ trust: false, label: 'explorer-restricted' });
});

after(async () => {
  await s?.close();
});

test('in Restricted Mode the explorer lists the sealed trace, its object encrypted', STEP, async () => {
  await s.step('explorer-restricted', async () => {
    await s.wb.waitForNotification(/trust the authors/i, 60_000);
    await s.wb.clickDialogButton(/No, I don.t trust|Don.t Trust/i);
    await s.wb.waitForExplorer();
    assert.match(await s.wb.statusBarText(), /Restricted Mode/i);
    await s.wb.openFile(`sealed${EXT}`);
    await s.wb.runCommand('XMPP E2E: Open Trace Explorer');
    const view = s.wb.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await waitFor(async () => (await view.locator('#counts').getAttribute('data-total', { timeout: 2_000 })) === '1', { what: 'one stanza in the explorer', timeout: 60_000 });
    const row = view.locator('#spacer .row').first();
    assert.match((await row.getAttribute('class')) ?? '', /\bv-encrypted\b/);
    assert.match((await row.textContent()) ?? '', /🔒/);
    await s.wb.screenshot('explorer-restricted');
  });
});
