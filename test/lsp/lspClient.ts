// A small LSP client for tests: starts the bundled server (dist/server.js) over stdio and drives
// it like an editor. Reusable: start, open/change documents, request, wait for diagnostics.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { sealSecret, type SealedSecret } from '../../server/src/protocol/sealedSecret';
import type { Diagnostic, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const serverPath = join(repoRoot, 'dist', 'server.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

/** Builds dist/server.js (as esbuild.mjs does) when it is missing or older than server/src. */
export async function ensureServerBuilt(): Promise<void> {
  if (existsSync(serverPath) && statSync(serverPath).mtimeMs >= newestMtime(join(repoRoot, 'server', 'src'))) return;
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(repoRoot, 'server', 'src', 'lsp', 'main.ts')],
    outfile: serverPath,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'silent',
    // As esbuild.mjs: openpgp's ESM build reads import.meta.url, which a CJS bundle lacks.
    alias: { openpgp: join(repoRoot, 'node_modules', 'openpgp', 'dist', 'node', 'openpgp.min.cjs') },
  });
}

export interface StartOptions {
  /** Advertise pull diagnostics (textDocument/diagnostic). */
  pull?: boolean;
  /** Advertise workspace/configuration; `settings` is what it answers. */
  configuration?: boolean;
  settings?: Record<string, unknown>;
  workspaceFolder?: string;
  initializationOptions?: Record<string, unknown>;
  /** Answers xmppE2e/passphrase the way the VS Code client does (sealed to the server's one-time key). */
  passphrase?: (path: string) => string | undefined;
  /** A minimal client: no workspace capabilities at all (some editors' LSP clients). */
  bare?: boolean;
  /** Start through bin/xmpp-e2e-language-server.js (as other editors do) instead of dist/server.js. */
  viaBin?: boolean;
  /** Advertise WorkspaceEdit.documentChanges: versioned edits, refused here (as editors do) on another version. */
  documentChanges?: boolean;
  /** Advertise window/showDocument (recorded in `shownDocuments`). */
  showDocument?: boolean;
}

export interface PublishedDiagnostics { uri: string; version?: number; diagnostics: Diagnostic[] }

export class LspTestClient {
  readonly logs: string[] = [];
  readonly appliedEdits: WorkspaceEdit[] = [];
  readonly refusedEdits: WorkspaceEdit[] = [];
  readonly shownDocuments: string[] = [];
  readonly messages: { type: number; message: string }[] = [];
  readonly status = new Map<string, unknown>();
  readonly stderr: string[] = [];
  readonly passphraseRequests: { path: string; retry: boolean }[] = [];
  private readonly docs = new Map<string, TextDocument>();
  private readonly published = new Map<string, PublishedDiagnostics>();
  /** workspace/diagnostic/refresh requests received. */
  refreshRequests = 0;
  /** Every publishDiagnostics, in the order received. */
  readonly pushes: PublishedDiagnostics[] = [];
  private waiters: (() => void)[] = [];
  initializeResult: any;

  private constructor(readonly child: ChildProcess, readonly conn: MessageConnection, readonly options: StartOptions) {}

  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    await ensureServerBuilt();
    const entry = options.viaBin ? join(repoRoot, 'bin', 'xmpp-e2e-language-server.js') : serverPath;
    const child = spawn(process.execPath, [entry, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const c = new LspTestClient(child, conn, options);
    child.stderr!.on('data', (d: Buffer) => c.stderr.push(d.toString()));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      c.published.set(p.uri, p);
      c.pushes.push(p);
      c.wake();
    });
    conn.onNotification('window/logMessage', (p: { message: string }) => void c.logs.push(p.message));
    conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      c.logs.push(`[show] ${p.message}`);
      c.messages.push(p);
    });
    conn.onRequest('window/showDocument', (p: { uri: string }) => {
      c.shownDocuments.push(p.uri);
      return { success: true };
    });
    conn.onNotification('xmppE2e/statusChanged', (p: { uri: string }) => {
      c.status.set(p.uri, p);
      c.wake();
    });
    conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => options.settings ?? {}));
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('client/unregisterCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('workspace/diagnostic/refresh', () => {
      c.refreshRequests++;
      return null;
    });
    conn.onRequest('window/showMessageRequest', () => null);
    conn.onRequest('xmppE2e/passphrase', (p: { path: string; publicKey: string; retry?: boolean }): { sealed?: SealedSecret } => {
      c.passphraseRequests.push({ path: p.path, retry: p.retry === true });
      const pass = options.passphrase?.(p.path);
      return pass === undefined ? {} : { sealed: sealSecret(p.publicKey, pass) };
    });
    conn.onRequest('workspace/applyEdit', (p: { edit: WorkspaceEdit }): { applied: boolean; failureReason?: string } => {
      if (!c.applyWorkspaceEdit(p.edit)) {
        c.refusedEdits.push(p.edit);
        return { applied: false, failureReason: 'document version changed' };
      }
      return { applied: true };
    });
    conn.listen();
    const folder = options.workspaceFolder;
    c.initializeResult = await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folder ? pathToFileURL(folder).href : null,
      workspaceFolders: folder ? [{ uri: pathToFileURL(folder).href, name: 'ws' }] : null,
      initializationOptions: options.initializationOptions,
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } }, disabledSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
        window: { showDocument: { support: options.showDocument ?? false } },
        workspace: options.bare ? undefined : {
          configuration: options.configuration ?? false,
          applyEdit: true,
          workspaceEdit: { documentChanges: options.documentChanges ?? false },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceFolders: true,
        },
      },
    });
    await conn.sendNotification('initialized', {});
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private async until<T>(probe: () => T | undefined, what: string, timeoutMs = 20000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server stderr: ${this.stderr.join('').slice(-2000)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  text(uri: string): string {
    return this.docs.get(uri)?.getText() ?? '';
  }

  version(uri: string): number {
    return this.docs.get(uri)?.version ?? 0;
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.docs.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text (a full-content change event). */
  async change(uri: string, text: string): Promise<void> {
    const doc = this.docs.get(uri)!;
    const next = TextDocument.create(uri, doc.languageId, doc.version + 1, text);
    this.docs.set(uri, next);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: next.version }, contentChanges: [{ text }] });
  }

  /**
   * Ranged changes, as an editor sends them while typing: each range is in the text the changes
   * before it in the list made (the protocol's order).
   */
  async changeRanges(uri: string, changes: { start: number; end: number; text: string }[]): Promise<void> {
    const doc = this.docs.get(uri)!;
    const events: { range: Range; text: string }[] = [];
    let d = TextDocument.create(uri, doc.languageId, doc.version, doc.getText());
    for (const c of changes) {
      const range = { start: d.positionAt(c.start), end: d.positionAt(c.end) };
      events.push({ range, text: c.text });
      d = TextDocument.update(d, [{ range, text: c.text }], doc.version + 1);
    }
    this.docs.set(uri, TextDocument.create(uri, doc.languageId, doc.version + 1, d.getText()));
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: doc.version + 1 }, contentChanges: events });
  }

  /** Applies an edit as an editor does: versioned document changes only on their version. */
  applyWorkspaceEdit(edit: WorkspaceEdit): boolean {
    const changes = (edit.documentChanges ?? []) as { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }[];
    for (const dc of changes) if (dc.textDocument.version !== null && dc.textDocument.version !== this.version(dc.textDocument.uri)) return false;
    this.appliedEdits.push(edit);
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) void this.applyEdits(uri, edits);
    for (const dc of changes) void this.applyEdits(dc.textDocument.uri, dc.edits);
    return true;
  }

  private async applyEdits(uri: string, edits: TextEdit[]): Promise<void> {
    const doc = this.docs.get(uri);
    if (!doc) return;
    const text = TextDocument.applyEdits(doc, edits);
    await this.change(uri, text);
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R = any>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  /** The diagnostics of the current version: pulled, or the push for that version. */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    if (this.options.pull) {
      const r = await this.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
      return r.items;
    }
    const v = this.version(uri);
    const p = await this.until(() => {
      const d = this.published.get(uri);
      return d && (d.version === undefined || d.version >= v) ? d : undefined;
    }, `diagnostics of ${uri} v${v}`);
    return p.diagnostics;
  }

  offsetOf(uri: string, needle: string, from = 0): number {
    const i = this.text(uri).indexOf(needle, from);
    if (i < 0) throw new Error(`${needle} not in ${uri}`);
    return i;
  }

  positionOf(uri: string, needle: string, delta = 0) {
    return this.docs.get(uri)!.positionAt(this.offsetOf(uri, needle) + delta);
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((r) => this.child.once('exit', (code) => r(code)));
    try {
      await this.request('shutdown', null);
      await this.conn.sendNotification('exit');
    } catch {
      this.child.kill();
    }
    const code = await Promise.race([exited, new Promise<number | null>((r) => setTimeout(() => r(-1), 5000))]);
    if (code === -1) this.child.kill();
    this.conn.dispose();
    return code;
  }
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}
