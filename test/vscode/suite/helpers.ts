// Shared helpers of the test-electron suite: the workspace description, waits on VS Code events
// (never fixed sleeps), and finding commands by their palette title.
import * as vscode from 'vscode';
import type { UiWorkspace } from '../../ui/workspace.mjs';

export interface Scenario {
  name: string;
  run(): Promise<void>;
}

export const EXTENSION_ID = 'xmpp-e2e-tools.xmpp-e2e-inspector';

export function workspace(): UiWorkspace {
  const raw = process.env.XMPP_E2E_WS;
  if (!raw) throw new Error('XMPP_E2E_WS is not set: run through test/vscode/runTest.ts');
  return JSON.parse(raw) as UiWorkspace;
}

/** Polls `fn` (and wakes on diagnostics/editor changes) until it returns a truthy value. */
export async function waitFor<T>(fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise<void>((res) => {
      const subs = [
        vscode.languages.onDidChangeDiagnostics(() => done()),
        vscode.window.onDidChangeVisibleTextEditors(() => done()),
        vscode.workspace.onDidChangeTextDocument(() => done()),
      ];
      const t = setTimeout(() => done(), 250);
      function done(): void {
        clearTimeout(t);
        subs.forEach((s) => s.dispose());
        res();
      }
    });
  }
}

export async function open(path: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
  return vscode.window.showTextDocument(doc);
}

export function codes(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri).map((d) => {
    const c = d.code;
    return typeof c === 'object' && c !== null ? String(c.value) : String(c ?? '');
  });
}

/** The id of a contributed command whose title (with or without category) contains `title`. */
export function commandId(title: string): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  const cmds = (ext.packageJSON.contributes?.commands ?? []) as { command: string; title: string; category?: string }[];
  const hit = cmds.find((c) => `${c.category ? `${c.category}: ` : ''}${c.title}`.includes(title));
  if (!hit) throw new Error(`no contributed command titled "${title}"`);
  return hit.command;
}

export function positionOf(doc: vscode.TextDocument, needle: string, delta = 1): vscode.Position {
  const at = doc.getText().indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not in ${doc.uri.fsPath}`);
  return doc.positionAt(at + delta);
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}
