// Text views for editors without virtual documents (Neovim, Helix...): the decoded view or an
// unsealed plaintext is written to a private temporary folder (0700, files 0600, removed at exit)
// and shown with window/showDocument where the client supports it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from './uri';

let folder: string | undefined;

function viewFolder(): string {
  if (!folder) {
    folder = mkdtempSync(join(tmpdir(), 'xmpp-e2e-views-'));
    const dir = folder;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return folder;
}

/** Writes the view and returns its file URI. `name` is made safe for a file name. */
export function writeView(name: string, text: string): string {
  const path = join(viewFolder(), name.replace(/[^\w.-]+/g, '_'));
  writeFileSync(path, text, { mode: 0o600 });
  return URI.fromPath(path);
}
