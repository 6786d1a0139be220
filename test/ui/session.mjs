// One UI session for a spec file: a fresh workspace, code-server with the .vsix, Chromium.
// Failing steps leave a screenshot named after the step, and code-server's log on stderr.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer } from './codeServer.mjs';
import { vsixPath } from './paths.mjs';
import { Workbench } from './workbench.mjs';
import { buildWorkspace } from './workspace.mjs';

/**
 * @param {{ trust: boolean, label: string, build?: (dir: string) => any, extraVsix?: string[] }} opts
 *   build: makes the workspace in the folder it is given (default: the generated Romeo and Juliet one).
 *   extraVsix: other extensions to install beside ours (e.g. a baseline for measurements).
 */
export async function openSession({ trust, label, build = (dir) => buildWorkspace(join(dir, 'romeo-and-juliet')), extraVsix = [] }) {
  if (!existsSync(vsixPath)) throw new Error(`${vsixPath} is missing: run npm run package first`);
  const root = mkdtempSync(join(tmpdir(), `xmpp-e2e-ws-${label}-`));
  const ws = build(root);
  const server = await startCodeServer({ workspace: ws.dir, vsix: vsixPath, trust, label, extraVsix });
  let wb;
  try {
    wb = await Workbench.open(server.folderUrl, { trustPrompt: !trust });
  } catch (e) {
    await server.stop();
    throw e;
  }
  let failed = false;
  return {
    ws,
    server,
    wb,
    /** Runs a step; on failure saves `<name>-failed.png`, remembers the failure and rethrows. */
    async step(name, fn) {
      try {
        return await fn();
      } catch (e) {
        failed = true;
        await wb.screenshot(`${name}-failed`).catch(() => {});
        throw e;
      }
    },
    /** Stops everything; after a failed step, code-server's log goes to stderr. */
    async close() {
      if (failed) process.stderr.write(`--- code-server log (${label}) ---\n${server.log()}\n`);
      await wb.close().catch(() => {});
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
