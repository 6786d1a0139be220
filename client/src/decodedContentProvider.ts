// Read-only virtual documents (`xmpp-e2e-decoded:`): the decoded view, the unsealed plaintext and
// a signer certificate, each fetched from the server when opened. They are shown in their own
// language (xmpp-e2e-decoded, highlighted by its grammar), start with a `Source:` line, and carry
// document links back to the object and to each finding's place in the trace.
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

export const DECODED_LANGUAGE = 'xmpp-e2e-decoded';

interface LensLike { range: { start: { line: number; character: number } }; command?: { arguments?: unknown[] } }

/** Where each view's object starts in its trace (from the server's code lenses), for the links. */
interface SourceAnchor { objectStart: vscode.Position; nextObjectStart?: vscode.Position }

function parseQuery(uri: vscode.Uri): ViewQuery | undefined {
  try {
    return JSON.parse(uri.query) as ViewQuery;
  } catch {
    return undefined;
  }
}

/** `file:///t.xml#L12,5`: VS Code's opener selects that position. */
function linkTo(source: string, pos: vscode.Position): vscode.Uri {
  return vscode.Uri.parse(source).with({ fragment: `L${pos.line + 1},${pos.character + 1}` });
}

export class DecodedContentProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly anchors = new Map<string, SourceAnchor>();

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
      const source = await this.sourceLine(uri, q);
      if (q.kind === 'decoded') {
        const r = await this.send<DecodedViewResult | null>(DecodedViewRequest, params);
        return r ? source + r.text : 'The object is no longer in the document (or the document was closed).';
      }
      if (q.kind === 'unsealed') {
        const r = await this.send<UnsealResult>(UnsealRequest, params);
        return r.ok ? `${source}Content-Type: ${r.contentType ?? '?'}\n\n${r.plaintext}` : `Cannot unseal: ${r.reason}`;
      }
      const r = await this.send<CertificateResult>(CertificateRequest, { ...params, signerIndex: q.signerIndex ?? 0 });
      return r.ok ? `${source}${r.details}\n\n${r.pem}` : `No certificate: ${r.reason}`;
    } catch (e) {
      return `The XMPP E2E language server could not answer: ${(e as Error).message}`;
    }
  }

  /** `Source: name:line:col (object N)` from the trace's lenses; remembered for the links. */
  private async sourceLine(view: vscode.Uri, q: ViewQuery): Promise<string> {
    const lenses = (await this.send<LensLike[] | null>('textDocument/codeLens', { textDocument: { uri: q.uri } }).catch(() => null)) ?? [];
    const starts = lenses
      .filter((l) => l.command?.arguments?.[1] !== undefined)
      .map((l) => ({ index: Number(l.command!.arguments![1]), pos: new vscode.Position(l.range.start.line, l.range.start.character) }));
    const mine = starts.find((s) => s.index === q.objectIndex);
    if (!mine) {
      this.anchors.delete(view.toString());
      return '';
    }
    const next = starts.filter((s) => s.pos.isAfter(mine.pos)).sort((a, b) => a.pos.compareTo(b.pos))[0];
    this.anchors.set(view.toString(), { objectStart: mine.pos, nextObjectStart: next?.pos });
    const name = decodeURIComponent(q.uri.replace(/[?#].*$/, '').split('/').pop() ?? 'trace');
    return `Source: ${name}:${mine.pos.line + 1}:${mine.pos.character + 1} (object ${q.objectIndex + 1})\n\n`;
  }

  /** Links: the Source line to the object, each finding's code to its diagnostic in the trace. */
  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    const q = parseQuery(doc.uri);
    const anchor = this.anchors.get(doc.uri.toString());
    if (!q || !anchor) return [];
    const links: vscode.DocumentLink[] = [];
    const first = doc.lineAt(0);
    if (first.text.startsWith('Source: ')) {
      const link = new vscode.DocumentLink(new vscode.Range(0, 'Source: '.length, 0, first.text.length), linkTo(q.uri, anchor.objectStart));
      link.tooltip = 'Go to the object in the trace';
      links.push(link);
    }
    const inObject = vscode.languages
      .getDiagnostics(vscode.Uri.parse(q.uri))
      .filter((d) => !d.range.start.isBefore(anchor.objectStart.with({ character: 0 })) && (!anchor.nextObjectStart || d.range.start.isBefore(anchor.nextObjectStart)));
    for (let line = 0; line < doc.lineCount; line++) {
      const m = /^([a-z][\w]*(?:\.[\w]+)+):/.exec(doc.lineAt(line).text);
      if (!m) continue;
      const d = inObject.find((x) => (typeof x.code === 'object' ? String(x.code.value) : String(x.code)) === m[1]);
      if (!d) continue;
      const link = new vscode.DocumentLink(new vscode.Range(line, 0, line, m[1].length), linkTo(q.uri, d.range.start));
      link.tooltip = `Go to ${m[1]} in the trace`;
      links.push(link);
    }
    return links;
  }
}

export function registerDecodedViewLinks(provider: DecodedContentProvider): vscode.Disposable {
  return vscode.languages.registerDocumentLinkProvider({ scheme: DECODED_SCHEME }, provider);
}
