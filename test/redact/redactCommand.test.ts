// The editor command "Redact Trace for Sharing" against a stand-in for the `vscode` module: it
// writes the redacted copy to the file the user chose, opens it, never edits the original, and
// refuses to overwrite the original.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useFakeVscode } from '../helpers/fakeVscode';

const password = 'correct-horse-battery';
const original = `<iq type='set' id='r'><query xmlns='jabber:iq:register'><username>juliet</username><password>${password}</password></query></iq>\n`;
const uri = (path: string) => ({ path, fsPath: path, scheme: 'file', toString: () => `file://${path}`, with: (c: { path: string }) => uri(c.path) });
const docUri = uri('/w/session.xmpp');
const written = new Map<string, string>();
const shown: string[] = [];
let saveAs = uri('/w/session.redacted.xmpp');
let edits = 0;

const fakeVscode = {
  window: {
    activeTextEditor: { document: { uri: docUri, getText: () => original, positionAt: (o: number) => ({ line: original.slice(0, o).split('\n').length - 1 }) } },
    showQuickPick: async () => [],
    showSaveDialog: async (o: { defaultUri: { path: string } }) => {
      shown.push(`default: ${o.defaultUri.path}`);
      return saveAs;
    },
    showTextDocument: async () => undefined,
    showInformationMessage: async (m: string) => void shown.push(`info: ${m}`),
    showWarningMessage: async (m: string) => void shown.push(`warning: ${m}`),
  },
  workspace: {
    fs: { writeFile: async (u: { path: string }, b: Uint8Array) => void written.set(u.path, Buffer.from(b).toString('utf8')) },
    openTextDocument: async (u: unknown) => u,
    applyEdit: async () => void edits++,
  },
};
useFakeVscode(fakeVscode);

test('writes a redacted copy beside the trace and leaves the original alone', async () => {
  const { redactForSharing } = await import('../../client/src/redactCommand');
  await redactForSharing();
  assert.deepEqual([...written.keys()], ['/w/session.redacted.xmpp']);
  const out = written.get('/w/session.redacted.xmpp')!;
  assert.ok(!out.includes(password));
  assert.match(out, /<password>REDACTED<\/password>/);
  assert.equal(edits, 0, 'no edit of the original');
  assert.ok(shown.includes('default: /w/session.redacted.xmpp'));
  assert.ok(shown.some((m) => /^info: XMPP E2E: 1 value of 1 kind removed/.test(m)), shown.join(' | '));

  written.clear();
  saveAs = docUri;
  await redactForSharing();
  assert.equal(written.size, 0, 'the original is never overwritten');
  assert.ok(shown.some((m) => m.startsWith('warning: Redact: choose a new file')));
});
