// Read-only virtual documents (`xmpp-e2e-decoded:`): the decoded view, the unsealed plaintext and
// a signer certificate, each fetched from the server when opened.
import * as vscode from 'vscode';
import { DECODED_SCHEME } from '../../server/src/protocol/commands';
import {
  CertificateRequest,
  DecodedViewRequest,
  UnsealRequest,
  type CertificateResult,
  type DecodedViewResult,
  type UnsealResult,
} from '../../server/src/protocol/requests';

export type ViewKind = 'decoded' | 'unsealed' | 'certificate';
interface ViewQuery { uri: string; objectIndex: number; kind: ViewKind; signerIndex?: number }

export function viewUri(kind: ViewKind, docUri: string, objectIndex: number, signerIndex?: number): vscode.Uri {
  const base = docUri.replace(/[?#].*$/, '').split('/').pop() ?? 'document';
  const label = kind === 'certificate' ? `certificate ${objectIndex + 1}.${(signerIndex ?? 0) + 1}.pem.txt` : `${kind} object ${objectIndex + 1}.txt`;
  const query: ViewQuery = { uri: docUri, objectIndex, kind, signerIndex };
  return vscode.Uri.from({ scheme: DECODED_SCHEME, path: `/${decodeURIComponent(base)} — ${label}`, query: JSON.stringify(query) });
}

type Sender = <R>(method: string, params: unknown) => Promise<R>;

export class DecodedContentProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly send: Sender) {}

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let q: ViewQuery;
    try {
      q = JSON.parse(uri.query) as ViewQuery;
    } catch {
      return 'Malformed decoded-view address.';
    }
    const params = { uri: q.uri, objectIndex: q.objectIndex };
    try {
      if (q.kind === 'decoded') {
        const r = await this.send<DecodedViewResult | null>(DecodedViewRequest, params);
        return r ? r.text : 'The object is no longer in the document (or the document was closed).';
      }
      if (q.kind === 'unsealed') {
        const r = await this.send<UnsealResult>(UnsealRequest, params);
        return r.ok ? `Content-Type: ${r.contentType ?? '?'}\n\n${r.plaintext}` : `Cannot unseal: ${r.reason}`;
      }
      const r = await this.send<CertificateResult>(CertificateRequest, { ...params, signerIndex: q.signerIndex ?? 0 });
      return r.ok ? `${r.details}\n\n${r.pem}` : `No certificate: ${r.reason}`;
    } catch (e) {
      return `The XMPP E2E language server could not answer: ${(e as Error).message}`;
    }
  }
}
