// The extension in a real VS Code (code-server), in a trusted workspace, driven through Chromium
// as a person would: Problems panel, hover, code lens and decoded view, Seal from the palette.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { codeServerBin } from './codeServer.mjs';
import { decryptAndVerify } from './opensslCheck.mjs';
import { openSession } from './session.mjs';
import { BODY_PLAIN, JULIET, ROMEO, EXT, e2ePayloads, keyFilesFor } from './workspace.mjs';
import { waitFor } from './workbench.mjs';

const EXTENSION_ID = 'xmpp-e2e-tools.xmpp-e2e-inspector';
const STEP = { timeout: 180_000 };

let s;

before(async () => {
  s = await openSession({ trust: true, label: 'trusted' });
});

after(async () => {
  await s?.close();
});

const step = (name, fn) => s.step(name, fn);

test('the packaged extension is installed in code-server', STEP, async () => {
  const r = spawnSync(codeServerBin, ['--config', s.server.config, '--extensions-dir', s.server.extensionsDir, '--user-data-dir', s.server.userDataDir,
    '--list-extensions', '--show-versions'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^${EXTENSION_ID.replace(/\./g, '\\.')}@\\d+\\.\\d+\\.\\d+`, 'mi'));
  await step('installed', async () => {
    await s.wb.runCommand('Extensions: Show Enabled Extensions');
    const row = await waitFor(async () => {
      const rows = await s.wb.page.$$eval('.extensions-viewlet .monaco-list-row', (els) => els.map((e) => e.textContent ?? ''));
      return rows.find((t) => t.includes('XMPP E2E Inspector'));
    }, { what: 'XMPP E2E Inspector among the enabled extensions' });
    assert.ok(row.includes('XMPP E2E Inspector'));
    await s.wb.screenshot('installed');
  });
});

test('a trace with a JID mismatch and a tampered object: the Problems panel shows both codes', STEP, async () => {
  await step('problems', async () => {
    await s.wb.runCommand('View: Show Explorer');
    await s.wb.openFile(`problems${EXT}`);
    await s.wb.openProblems();
    const rows = await s.wb.waitForProblemCodes(['e2e.jid.mismatch', /cms\.sig\.digestMismatch|e2e\.sig\.invalid/]);
    // The mismatch points at the stanza's from attribute, on its line.
    const text = readFileSync(s.ws.problems, 'utf8');
    const line = text.slice(0, text.indexOf(`from='${ROMEO}/orchard'`)).split('\n').length;
    const mismatch = rows.find((r) => r.includes('e2e.jid.mismatch'));
    assert.ok(mismatch, 'a row for e2e.jid.mismatch');
    assert.match(mismatch, new RegExp(`Ln ${line}\\b`), `the mismatch is reported on line ${line}: ${mismatch}`);
    assert.ok(mismatch.includes(JULIET), `the mismatch names the certificate's JID: ${mismatch}`);
    await s.wb.screenshot('problems');
  });
});

test('hovering an <e2e/> names the signer and the verdict', STEP, async () => {
  await step('hover', async () => {
    await s.wb.closeAllEditors();
    await s.wb.hidePanel();
    await s.wb.openFile(`sealed${EXT}`);
    const hover = await s.wb.hover('e2e', { expect: (t) => t.includes(JULIET) });
    assert.ok(hover.includes(JULIET), `the hover names the signer ${JULIET}: ${hover}`);
    assert.match(hover, /\b(valid|verified|good|ok)\b/i, `the hover gives the verdict: ${hover}`);
    assert.doesNotMatch(hover, /PRIVATE KEY/, 'no key material in the hover');
    await s.wb.screenshot('hover');
  });
});

test('the code lens opens the decoded view with the inner CPIM', STEP, async () => {
  await step('codelens', async () => {
    await s.wb.closeAllEditors();
    await s.wb.hidePanel();
    await s.wb.openFile(`sealed${EXT}`);
    const lenses = await waitFor(async () => {
      const l = await s.wb.codeLenses();
      return l.length ? l : null;
    }, { what: 'code lenses on the sealed trace' });
    await s.wb.screenshot('codelens');
    const decode = lenses.find((l) => /decod|show|open|view/i.test(l)) ?? lenses[0];
    // Match the lens by its stable head: it ends with a relative time ("-14 s") that refreshes.
    const head = decode.split(/[|·]/)[0].trim();
    await s.wb.clickCodeLens(head);
    await waitFor(async () => /decoded/i.test(await s.wb.activeTab()), { what: 'the decoded view\'s tab' });
    // The inner object comes after the structure, before the certificate path and ASN.1 trees:
    // page down to it as a reader would.
    await s.wb.waitForEditorText((t) => /XMPP E2E object/.test(t), 'the decoded view\'s first lines');
    const text = await s.wb.pageDownUntil(
      (t) => /Message\/CPIM/i.test(t) && t.includes(s.ws.bodies.BODY_SEALED),
      'the decoded view with the inner Message/CPIM',
    );
    assert.match(text, /From: .*juliet@example\.com/i, 'the CPIM From header names juliet');
    await s.wb.screenshot('decoded');
  });
});

test('Seal: Sign and Encrypt on a plain message writes an object openssl cms decrypts and verifies', STEP, async () => {
  await step('seal', async () => {
    await s.wb.closeAllEditors();
    await s.wb.hidePanel();
    await s.wb.openFile(`plain${EXT}`);
    await s.wb.runCommand('Seal: Sign and Encrypt');
    await s.wb.mouseAway();
    // Either the stanza gets sealed, or the extension says why not (then fail with its words).
    const outcome = await waitFor(async () => {
      if ((await s.wb.editorLines()).join('\n').includes('<e2e')) return { sealed: true, note: '' };
      const note = (await s.wb.notifications()).find((t) => /seal/i.test(t));
      return note ? { sealed: false, note } : null;
    }, { what: 'the sealed stanza in the editor' });
    assert.ok(outcome.sealed, `sealing failed: ${outcome.note}`);
    await s.wb.save();
    const saved = readFileSync(s.ws.plain, 'utf8');
    assert.ok(!saved.includes(BODY_PLAIN), 'the plain body is no longer in the clear');
    const payloads = e2ePayloads(saved);
    assert.equal(payloads.length, 1, 'one <e2e/> in the saved file');
    const romeo = keyFilesFor(s.ws.keysDir, ROMEO);
    const juliet = keyFilesFor(s.ws.keysDir, JULIET);
    assert.ok(romeo.key && romeo.cert && juliet.cert, `key store files found: ${JSON.stringify({ romeo, juliet })}`);
    const r = decryptAndVerify(payloads[0].content, {
      recipientKey: romeo.key,
      recipientCert: romeo.cert,
      signerCert: juliet.cert,
      ca: juliet.ca,
    });
    assert.ok(r.decrypted, `openssl cms -decrypt: ${r.log}`);
    assert.ok(r.verified, `openssl cms -verify: ${r.log}`);
    assert.ok(r.content.includes(BODY_PLAIN), `the decrypted content carries the body: ${r.content}`);
    await s.wb.screenshot('seal');
  });
});
