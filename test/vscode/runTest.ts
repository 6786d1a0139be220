// npm run test:vscode: the @vscode/test-electron suite, for machines that can download VS Code.
// Downloads VS Code (VSCODE_VERSION, default "stable"), builds a fresh workspace, and runs the
// scenarios of test/vscode/suite in it twice: trusted, then in Restricted Mode. Where VS Code
// cannot be downloaded it says so and exits 0: it is then skipped, and is not coverage.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { downloadAndUnzipVSCode } from '@vscode/test-electron';

const root = resolve(__dirname, '..', '..');
const DOWNLOAD_TIMEOUT_MS = 120_000;

type Scenario = 'trusted' | 'restricted';

async function download(): Promise<string | undefined> {
  const version = process.env.VSCODE_VERSION ?? 'stable';
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      downloadAndUnzipVSCode({ version, timeout: 30_000 }),
      new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new Error(`no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`)), DOWNLOAD_TIMEOUT_MS);
      }),
    ]);
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    console.log(`skipped: VS Code could not be downloaded (${reason}).`);
    console.log('skipped: the @vscode/test-electron suite did not run and is not counted as coverage;');
    console.log('skipped: the code-server suite (npm run test:ui) is the end-to-end coverage on this machine.');
    return undefined;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** Launches VS Code on the workspace with the suite; like runTests, but trust can stay enabled. */
function runVsCode(exe: string, suite: string, workspace: string, scenario: Scenario, env: Record<string, string>): Promise<number> {
  const profile = mkdtempSync(join(tmpdir(), `xmpp-e2e-vscode-${scenario}-`));
  const args = [
    workspace,
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--skip-welcome',
    '--skip-release-notes',
    '--no-cached-data',
    '--disable-extensions',
    `--extensionDevelopmentPath=${root}`,
    `--extensionTestsPath=${suite}`,
    `--user-data-dir=${join(profile, 'user-data')}`,
    `--extensions-dir=${join(profile, 'extensions')}`,
  ];
  if (scenario === 'trusted') args.push('--disable-workspace-trust');
  return new Promise((res) => {
    const child = spawn(exe, args, { stdio: 'inherit', env: { ...process.env, ...env, XMPP_E2E_SCENARIO: scenario } });
    child.on('exit', (code) => {
      rmSync(profile, { recursive: true, force: true });
      res(code ?? 1);
    });
    child.on('error', (e) => {
      console.error(`could not start VS Code: ${e.message}`);
      res(1);
    });
  });
}

async function main(): Promise<number> {
  const exe = await download();
  if (!exe) return 0;
  // Build only once VS Code is there: a skipped run needs no bundles.
  const build = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(join(root, 'dist', 'client.js'))) {
    console.error('the build failed: dist/client.js is missing');
    return 1;
  }

  const outDir = join(root, 'out', 'vscode-test');
  const suite = join(outDir, 'suite.js');
  await esbuild.build({
    entryPoints: [join(root, 'test', 'vscode', 'suite', 'index.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // The shared helpers locate the repository from their own URL (only test/ui/paths.mjs asks).
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(root, 'test', 'ui', 'paths.mjs')).href) },
    logLevel: 'warning',
  });

  // Dynamic import: the workspace builder is an ES module shared with the code-server suite.
  const { buildWorkspace } = await import('../ui/workspace.mjs');
  let failures = 0;
  for (const scenario of ['trusted', 'restricted'] as const) {
    const tmp = mkdtempSync(join(tmpdir(), `xmpp-e2e-vscode-ws-${scenario}-`));
    try {
      const ws = buildWorkspace(join(tmp, 'romeo-and-juliet'));
      console.log(`\n== VS Code suite, ${scenario} workspace`);
      const code = await runVsCode(exe, suite, ws.dir, scenario, { XMPP_E2E_WS: JSON.stringify(ws) });
      if (code !== 0) failures++;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
