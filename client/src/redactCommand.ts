// "XMPP E2E: Redact Trace for Sharing": writes a redacted copy next to the trace (the user picks
// the name), opens it, and shows what was removed. The original document is never edited. The
// redaction is the pure core's, so the editor and `xmpp-e2e redact` remove exactly the same.
import * as vscode from 'vscode';
import { redactTrace } from '../../server/src/core/redact/redactTrace';
import { redactionReport, redactionSummary } from '../../server/src/core/redact/redactionReport';

function redactedName(uri: vscode.Uri): vscode.Uri {
  const path = uri.path;
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  const cut = dot > slash + 1 ? dot : path.length;
  return uri.with({ path: `${path.slice(0, cut)}.redacted${path.slice(cut)}` });
}

async function chooseOptions(): Promise<{ bodies: boolean; pseudonymizeJids: boolean } | undefined> {
  const items: (vscode.QuickPickItem & { id: 'bodies' | 'jids' })[] = [
    { id: 'bodies', label: 'Also remove message bodies', description: '<body/>, <subject/>, XHTML-IM outside the <e2e/> objects' },
    { id: 'jids', label: 'Pseudonymise JIDs', description: 'consistent pseudonyms, domains kept; the JID binding check then no longer applies' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'XMPP E2E: Redact Trace for Sharing',
    placeHolder: 'Secrets (SASL, passwords, tokens, URL credentials, private keys) are always removed. Also:',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  return { bodies: picked.some((p) => p.id === 'bodies'), pseudonymizeJids: picked.some((p) => p.id === 'jids') };
}

export async function redactForSharing(): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc) return void vscode.window.showInformationMessage('Open the trace to redact.');
  const options = await chooseOptions();
  if (!options) return;
  const target = await vscode.window.showSaveDialog({
    defaultUri: doc.uri.scheme === 'untitled' ? undefined : redactedName(doc.uri),
    title: 'Save the redacted copy as (the original is not changed)',
  });
  if (!target) return;
  if (target.toString() === doc.uri.toString()) {
    return void vscode.window.showWarningMessage('Redact: choose a new file; the original trace is never overwritten.');
  }
  const text = doc.getText();
  const r = redactTrace(text, options);
  await vscode.workspace.fs.writeFile(target, Buffer.from(r.text, 'utf8'));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { preview: false });
  const choice = await vscode.window.showInformationMessage(`XMPP E2E: ${redactionSummary(r)}.`, 'Show Report');
  if (choice === 'Show Report') {
    const report = redactionReport(r, (o) => doc.positionAt(o).line + 1).join('\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: `Redaction of ${doc.uri.fsPath}\n\n${report}\n`, language: 'plaintext' }));
  }
}
