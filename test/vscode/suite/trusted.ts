// The code-server suite's scenarios through the vscode API, in a trusted workspace.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { decryptAndVerify } from '../../ui/opensslCheck.mjs';
import { e2ePayloads, keyFilesFor, JULIET, ROMEO } from '../../ui/workspace.mjs';
import { codes, commandId, hoverText, open, positionOf, waitFor, workspace, type Scenario } from './helpers';

export const trustedScenarios: Scenario[] = [
  {
    name: 'a JID mismatch and a tampered object are diagnosed',
    async run() {
      const ws = workspace();
      const editor = await open(ws.problems);
      const found = await waitFor(() => {
        const c = codes(editor.document.uri);
        return c.includes('e2e.jid.mismatch') && c.some((x) => x === 'cms.sig.digestMismatch' || x === 'e2e.sig.invalid') ? c : undefined;
      }, 'e2e.jid.mismatch and a signature failure');
      assert.ok(found.includes('e2e.jid.mismatch'));
      const d = vscode.languages.getDiagnostics(editor.document.uri).find((x) => String(typeof x.code === 'object' ? x.code.value : x.code) === 'e2e.jid.mismatch');
      assert.ok(d && editor.document.getText(d.range).includes(ROMEO), 'the mismatch range covers the from attribute');
    },
  },
  {
    name: 'hover on <e2e/> names the signer and the verdict',
    async run() {
      const ws = workspace();
      const editor = await open(ws.sealed);
      const pos = positionOf(editor.document, '<e2e');
      const text = await waitFor(async () => {
        const h = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos)) ?? []);
        return h.includes(JULIET) ? h : undefined;
      }, 'a hover naming the signer');
      assert.match(text, /\b(valid|verified|good|ok)\b/i);
    },
  },
  {
    name: 'the code lens opens the decoded view with the inner CPIM',
    async run() {
      const ws = workspace();
      const editor = await open(ws.sealed);
      const lenses = await waitFor(async () => {
        const l = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10)) ?? [];
        return l.filter((x) => x.command).length ? l.filter((x) => x.command) : undefined;
      }, 'a resolved code lens');
      const lens = lenses.find((l) => /decod|show|open|view/i.test(l.command!.title)) ?? lenses[0];
      await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
      const decoded = await waitFor(
        () => vscode.window.visibleTextEditors.map((e) => e.document.getText()).find((t) => /Message\/CPIM/i.test(t) && t.includes(ws.bodies.BODY_SEALED)),
        'the decoded view',
      );
      assert.match(decoded, /From: .*juliet@example\.com/i);
    },
  },
  {
    name: 'Seal: Sign and Encrypt writes an object openssl cms decrypts and verifies',
    async run() {
      const ws = workspace();
      const editor = await open(ws.plain);
      await vscode.commands.executeCommand(commandId('Seal: Sign and Encrypt'));
      await waitFor(() => editor.document.getText().includes('<e2e'), 'the sealed stanza');
      assert.ok(await editor.document.save(), 'saved');
      const payloads = e2ePayloads(readFileSync(ws.plain, 'utf8'));
      assert.equal(payloads.length, 1);
      const romeo = keyFilesFor(ws.keysDir, ROMEO);
      const juliet = keyFilesFor(ws.keysDir, JULIET);
      assert.ok(romeo.key && romeo.cert && juliet.cert);
      const r = decryptAndVerify(payloads[0].content, { recipientKey: romeo.key, recipientCert: romeo.cert, signerCert: juliet.cert, ca: juliet.ca });
      assert.ok(r.decrypted && r.verified, r.log);
      assert.ok(r.content.includes(ws.bodies.BODY_PLAIN));
    },
  },
];
