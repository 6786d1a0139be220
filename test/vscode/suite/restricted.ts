// Restricted Mode through the vscode API: the workspace is not trusted, so no key is loaded and
// sealing refuses without touching the document.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { codes, commandId, open, waitFor, workspace, type Scenario } from './helpers';

export const restrictedScenarios: Scenario[] = [
  {
    name: 'the workspace is untrusted',
    async run() {
      assert.equal(vscode.workspace.isTrusted, false);
    },
  },
  {
    name: 'no key is loaded: the encrypted object is reported as not decryptable',
    async run() {
      const ws = workspace();
      const editor = await open(ws.sealed);
      const c = await waitFor(() => {
        const got = codes(editor.document.uri);
        return got.includes('e2e.decrypt.noKey') ? got : undefined;
      }, 'e2e.decrypt.noKey');
      assert.ok(!c.includes('e2e.decrypt.failed'));
    },
  },
  {
    name: 'Seal: Sign and Encrypt leaves the document unchanged',
    async run() {
      const ws = workspace();
      const before = readFileSync(ws.plain, 'utf8');
      const editor = await open(ws.plain);
      await vscode.commands.executeCommand(commandId('Seal: Sign and Encrypt'));
      assert.ok(!editor.document.getText().includes('<e2e'));
      assert.equal(readFileSync(ws.plain, 'utf8'), before);
    },
  },
];
