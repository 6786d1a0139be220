// "XMPP E2E: Copy as openssl Command": the server builds the object's MIME entity and the
// `openssl cms` line that reproduces our verdict; this writes the files into a fresh private temp
// folder (the object and public certificate bundles only; the key is referred to where it is)
// and puts the command on the clipboard.
import * as vscode from 'vscode';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpensslCommandRequest, type OpensslCommandParams, type OpensslCommandResult } from '../../server/src/protocol/requests';

interface Sender {
  send<R>(method: string, params: unknown): Promise<R>;
}

export async function copyOpensslCommand(host: Sender, o: { uri: string; objectIndex: number }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-openssl-'));
  const r = await host.send<OpensslCommandResult>(OpensslCommandRequest, { ...o, dir } satisfies OpensslCommandParams);
  if (!r.ok) return void vscode.window.showWarningMessage(`Copy as openssl Command: ${r.reason}`);
  for (const f of r.files) {
    if (!f.path.startsWith(dir)) continue; // only ever into the folder made here
    writeFileSync(f.path, f.content, { mode: 0o600 });
  }
  await vscode.env.clipboard.writeText(r.command);
  const expect = r.expected === 'success' ? 'should succeed' : 'should fail';
  void vscode.window.showInformationMessage(`XMPP E2E: openssl command copied (object ${o.objectIndex + 1} written to ${dir}); it ${expect}: ${r.explanation[0] ?? ''}`);
}
