// Memory soak of the language server (on demand, not in CI): `npm run soak:lsp [-- --edits N]`.
// Starts the bundled server over stdio, opens a trace with sealed objects and makes N random edits
// (insert / delete / replace a few characters), pulling diagnostics every 50 edits and hovering
// every 200 (so the analyses really run), opening and closing a second document now and then.
// Prints the server's RSS (from /proc) every 5,000 edits: it must level off (a plateau), not climb.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureServerBuilt, fileUri, LspTestClient, repoRoot } from '../test/lsp/lspClient';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function main(): Promise<void> {
  const edits = option('edits', 100_000);
  await ensureServerBuilt();
  const c = await LspTestClient.start({ pull: true, workspaceFolder: join(repoRoot, 'samples') });
  const pid = c.child.pid!;
  const base = readFileSync(join(repoRoot, 'samples', 'traces', '02-tampered-and-mismatched.xml'), 'utf8');
  const uri = fileUri(join(repoRoot, 'samples', 'traces', 'soak.xml'));
  const other = fileUri(join(repoRoot, 'samples', 'traces', 'soak-other.xml'));
  await c.open(uri, 'xmpp-trace', base);
  let text = base;
  let x = 17;
  const rnd = (n: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
  const curve: [number, number][] = [[0, rssMb(pid)]];
  console.log(`soak: ${edits} edits on a ${base.length}-character trace; server pid ${pid}; RSS at start ${curve[0][1].toFixed(1)} MB`);
  const t0 = Date.now();
  for (let i = 1; i <= edits; i++) {
    const p = rnd(text.length + 1);
    const k = rnd(3);
    text = k === 0 ? text.slice(0, p) + 'xy<'[rnd(3)] + text.slice(p) : k === 1 ? text.slice(0, p) + text.slice(p + 1) : text.slice(0, p) + String.fromCharCode(97 + rnd(26)) + text.slice(p + 1);
    // Drift back to the original now and then, so the document stays a trace with objects.
    if (i % 997 === 0) text = base;
    await c.change(uri, text);
    if (i % 50 === 0) await c.diagnostics(uri);
    if (i % 200 === 0) await c.request('textDocument/hover', { textDocument: { uri }, position: { line: rnd(20), character: rnd(80) } });
    if (i % 2500 === 0) {
      await c.open(other, 'xmpp-trace', base);
      await c.diagnostics(other);
      await c.close(other);
    }
    if (i % 5000 === 0) {
      curve.push([i, rssMb(pid)]);
      console.log(`${String(i).padStart(7)} edits  RSS ${curve[curve.length - 1][1].toFixed(1)} MB  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }
  const final = await c.diagnostics(uri);
  console.log(`final diagnostics: ${final.length}; RSS curve (edits:MB): ${curve.map(([e, m]) => `${e}:${m.toFixed(0)}`).join(' ')}`);
  const half = curve.filter(([e]) => e >= edits / 2).map(([, m]) => m);
  console.log(`second half: min ${Math.min(...half).toFixed(1)} MB, max ${Math.max(...half).toFixed(1)} MB`);
  await c.shutdown();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
