// Starts a real VS Code (code-server) on a free loopback port with a fresh user-data-dir and
// extensions-dir under a temp dir, with the packaged .vsix installed. Recipe:
// /work/shared/docs/real-vscode-offline.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from './paths.mjs';

export const codeServerBin = resolve(repoRoot, '.vscode-test', 'code-server', 'node_modules', '.bin', 'code-server');

/** A free TCP port on 127.0.0.1 (the OS picks it; released before code-server binds it). */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => res(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

// Quiet, deterministic workbench: no welcome page, tips, update checks or telemetry; hovers quick.
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'editor.hover.delay': 150,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'security.workspace.trust.startupPrompt': 'always',
  'security.workspace.trust.emptyWindow': false,
};

function installExtension(vsix, config, userDataDir, extensionsDir) {
  const install = spawnSync(
    codeServerBin,
    ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (install.status !== 0) {
    throw new Error(`installing ${vsix} failed (${install.status}): ${install.stdout}\n${install.stderr}`);
  }
}

/**
 * Installs `vsix` into a fresh extensions dir and starts code-server on `workspace`.
 * @param {{ workspace: string, vsix: string, trust?: boolean, label?: string, extraVsix?: string[] }} opts
 *   trust=false leaves Workspace Trust on, so the folder opens after the trust prompt.
 */
export async function startCodeServer({ workspace, vsix, trust = true, label = 'ui', extraVsix = [] }) {
  if (!existsSync(codeServerBin)) {
    throw new Error(`code-server is not installed at ${codeServerBin}: run scripts/ui/install.sh`);
  }
  const base = mkdtempSync(join(tmpdir(), `xmpp-e2e-${label}-`));
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  // An explicit config file keeps code-server from writing ~/.config/code-server/config.yaml.
  const config = join(base, 'config.yaml');
  writeFileSync(config, 'auth: none\n');

  if (vsix) installExtension(vsix, config, userDataDir, extensionsDir);
  for (const other of extraVsix) installExtension(other, config, userDataDir, extensionsDir);

  const port = await freePort();
  const args = [
    '--config', config,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (trust) args.push('--disable-workspace-trust');
  args.push(workspace);
  const child = spawn(codeServerBin, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((res) => child.once('exit', (code) => res(code)));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${log}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} within 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    port,
    base,
    config,
    userDataDir,
    extensionsDir,
    folderUrl: `${url}/?folder=${encodeURIComponent(workspace)}`,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM'); // its own process group: the server and its extension hosts
        } catch {
          // already gone
        }
        const t = setTimeout(() => {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }, 5_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
}
