// Links in the decoded view: each ASN.1 node's `@ line:col-line:col` opens the trace with the
// node's base64 selected (VS Code's opener reads the `#L12,5-L14,20` fragment as a selection).
import * as vscode from 'vscode';
import { DECODED_SCHEME } from '../../server/src/protocol/commands';

const WHERE = /@ (\d+):(\d+)-(\d+):(\d+)/g;

export function sourceUriOf(view: vscode.Uri): vscode.Uri | undefined {
  try {
    const q = JSON.parse(view.query) as { uri?: string };
    return typeof q.uri === 'string' ? vscode.Uri.parse(q.uri) : undefined;
  } catch {
    return undefined;
  }
}

export class DecodedLinkProvider implements vscode.DocumentLinkProvider {
  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    const source = sourceUriOf(doc.uri);
    if (!source) return [];
    const text = doc.getText();
    const links: vscode.DocumentLink[] = [];
    for (const m of text.matchAll(WHERE)) {
      const range = new vscode.Range(doc.positionAt(m.index!), doc.positionAt(m.index! + m[0].length));
      const link = new vscode.DocumentLink(range, source.with({ fragment: `L${m[1]},${m[2]}-L${m[3]},${m[4]}` }));
      link.tooltip = 'Select these bytes in the trace';
      links.push(link);
    }
    return links;
  }
}

export function registerDecodedLinks(): vscode.Disposable {
  return vscode.languages.registerDocumentLinkProvider({ scheme: DECODED_SCHEME }, new DecodedLinkProvider());
}
