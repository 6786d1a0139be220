// Neovim as a second LSP client (issue #13 point 5): Debian's `nvim`, headless, configured with
// exactly the README's snippet, opens a trace whose object OpenSSL signed at test time, shows the
// diagnostics, runs the code lens and the code actions through its own UI paths (no "does not
// support command"), applies the quick fix, and is never sent a showMessageRequest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { peerWorkspace } from '../lsp/peerWorkspace';
import { ensureServerBuilt, repoRoot } from '../lsp/lspClient';
import { makePeer, smimeSign, stanza, stream, type Peer } from '../e2e/opensslStanzas';

const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;
const skip = hasNvim ? {} : { skip: 'nvim is not installed (.ci/run installs Debian\'s neovim)' };

let peer: Peer;
let ws: string;

/** The Lua block the README marks as the Neovim snippet. */
function readmeSnippet(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const m = /<!-- neovim-snippet[^>]*-->\s*```lua\n([\s\S]*?)```/.exec(readme);
  assert.ok(m, 'README has the marked Neovim snippet');
  return m[1];
}

before(async () => {
  if (!hasNvim) return;
  await ensureServerBuilt();
  peer = makePeer();
  ws = peerWorkspace(peer, 'nvim-ws');
  mkdirSync(join(ws, 'bin'));
  // `xmpp-e2e-language-server` on PATH, as an installed package puts it.
  const wrapper = join(ws, 'bin', 'xmpp-e2e-language-server');
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${join(repoRoot, 'bin', 'xmpp-e2e-language-server.js')}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const cpim = `Content-Type: Message/CPIM\r\n\r\nfrom: <im:juliet@example.com>\r\nTo: <im:romeo@example.net>\r\nDateTime: ${now}\r\n\r\nContent-Type: text/plain\r\n\r\nhi from Neovim's test\r\n`;
  const trace = stream(stanza('message', { from: 'juliet@example.com/balcony', to: 'romeo@example.net', id: 'n1', type: 'chat' }, smimeSign(peer, peer.juliet, cpim)));
  writeFileSync(join(ws, 'trace.xmpp'), trace.replace(/\r\n/g, '\n'));
  writeFileSync(join(ws, 'init.lua'), `${readmeSnippet()}\n${readFileSync(join(import.meta.dirname, 'driver.lua'), 'utf8')}`);
});

after(() => {
  if (peer) rmSync(peer.ws.dir, { recursive: true, force: true });
});

test('headless Neovim through the README snippet: diagnostics, lens and code actions run on the server, the fix applies', skip, () => {
  const result = join(ws, 'result.json');
  const r = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', join(ws, 'init.lua'), 'trace.xmpp'], {
    cwd: ws,
    env: { ...process.env, PATH: `${join(ws, 'bin')}:${process.env.PATH}`, XMPP_E2E_RESULT: result, HOME: ws, XDG_CONFIG_HOME: join(ws, 'config'), XDG_DATA_HOME: join(ws, 'data'), XDG_STATE_HOME: join(ws, 'state') },
    encoding: 'utf8',
    timeout: 150_000,
  });
  assert.ok(existsSync(result), `nvim wrote no result (status ${r.status}, signal ${r.signal}): ${r.stderr?.slice(-2000)}`);
  const out = JSON.parse(readFileSync(result, 'utf8'));
  assert.equal(out.error, undefined, out.error);
  assert.equal(out.filetype, 'xmpp');
  assert.equal(out.attached, true);
  assert.ok(out.diagnostics.includes('cpim.header.case'), JSON.stringify(out.diagnostics));
  assert.match(out.lens ?? '', /^✔ signed by juliet@example\.com · trusted/);
  assert.deepEqual(out.unsupported, [], 'every lens and action command is one the server runs');
  assert.equal(out.showMessageRequests, 0);
  const steps: string[] = out.steps;
  assert.match(steps[0], /^lens: Decoded view written to: .*object_1\.txt$/);
  assert.match(steps[1], /^Open Decoded Object 1: Decoded view written to: /);
  assert.match(steps[2], /^Unseal Object 1 into a Side View: Unsealed plaintext written to \(private file\): /);
  // The view is the one xmppE2e/decodedView gives (and the CLI's decode prints).
  assert.equal(out.decodedFirstLine, 'XMPP E2E object 1 of 1');
  assert.equal(out.fixedLine, 'From: <im:juliet@example.com>');
  assert.match(out.hover ?? '', /CPIM From/);
  assert.equal(out.branch, spawnSync('nvim', ['--headless', '-c', 'lua io.write(vim.lsp.start and "0.8+" or "0.7")', '-c', 'qa!'], { encoding: 'utf8' }).stdout);
});
