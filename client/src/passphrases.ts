// Passphrases of key files: asked once with a password box, kept in SecretStorage, sent to the
// server only sealed to the one-time key of its request for that path. Never logged.
import * as vscode from 'vscode';
import { sealSecret, type SealedSecret } from '../../server/src/protocol/sealedSecret';

const PREFIX = 'xmppE2e.passphrase:';

export async function askPassphrase(secrets: vscode.SecretStorage, path: string, serverPublicKey: string, retry = false): Promise<SealedSecret | undefined> {
  // After a "wrong passphrase", the stored one is dropped and the user asked again.
  if (retry) await secrets.delete(PREFIX + path);
  let pass = await secrets.get(PREFIX + path);
  if (pass === undefined) {
    pass = await vscode.window.showInputBox({
      title: 'XMPP E2E: key file passphrase',
      prompt: `${retry ? 'The passphrase did not open the file. ' : ''}Passphrase for ${path} (empty if it has none). It is stored in VS Code's secret storage.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (pass === undefined) return undefined;
    await secrets.store(PREFIX + path, pass);
  }
  return sealSecret(serverPublicKey, pass);
}
