// The status bar item: `XMPP E2E: 4 verified · 1 failed` for the active trace; click shows the
// Problems panel.
import * as vscode from 'vscode';
import { ClientCommands, LANGUAGE_IDS } from '../../server/src/protocol/commands';
import type { StatusCounts, StatusResult } from '../../server/src/protocol/requests';

export class TraceStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('xmppE2e.status', vscode.StatusBarAlignment.Left, 50);
  private readonly byUri = new Map<string, StatusResult>();

  constructor() {
    this.item.name = 'XMPP E2E objects';
    this.item.command = ClientCommands.showProblems;
  }

  update(status: StatusResult): void {
    this.byUri.set(status.uri, status);
    this.render();
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
    this.render();
  }

  render(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !(LANGUAGE_IDS as readonly string[]).includes(editor.document.languageId)) {
      this.item.hide();
      return;
    }
    const s = this.byUri.get(editor.document.uri.toString());
    const restricted = !vscode.workspace.isTrusted;
    if (!s) {
      this.item.text = '$(shield) XMPP E2E: checking…';
      this.item.tooltip = 'Waiting for the analysis';
    } else {
      this.item.text = `$(shield) ${statusText(s, restricted)}`;
      this.item.tooltip = new vscode.MarkdownString(
        `**XMPP E2E** — ${s.total} object${s.total === 1 ? '' : 's'}: ${s.verified} verified, ${s.failed} failed, ` +
          `${s.unreadable} unreadable, ${s.encrypted} encrypted without a key.` +
          (restricted || !s.keysLoaded ? '\n\nRestricted Mode: the workspace is not trusted, so no key is loaded and nothing is decrypted.' : '') +
          '\n\nClick to show the Problems panel. [Open Trace Explorer](command:xmppE2e.openTraceExplorer)',
      );
      this.item.tooltip.isTrusted = { enabledCommands: ['xmppE2e.openTraceExplorer'] };
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** `XMPP E2E: 4 verified · 1 failed` (only the counts that are not zero). */
export function statusText(s: StatusCounts, restricted: boolean): string {
  const parts = [
    s.verified ? `${s.verified} verified` : '',
    s.failed ? `${s.failed} failed` : '',
    s.decrypted ? `${s.decrypted} decrypted (unsigned)` : '',
    s.encrypted ? `${s.encrypted} encrypted (no key)` : '',
    s.unreadable ? `${s.unreadable} unreadable` : '',
  ].filter(Boolean);
  const counts = s.total === 0 ? 'no e2e objects' : parts.join(' · ');
  return `XMPP E2E: ${counts}${restricted ? ' · Restricted Mode' : ''}`;
}
