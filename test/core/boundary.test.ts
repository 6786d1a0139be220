// The core stays pure and layered: nothing under server/src/core imports the editor, the LSP
// libraries or the file system, its folders import each other without cycles, and the LSP adapter
// reaches the core through the service facade only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const core = join(root, 'server', 'src', 'core');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Module specifiers of static imports, re-exports and dynamic imports (comments stripped). */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  for (const re of [/\b(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s*['"]([^'"]+)['"]/gm]) {
    for (let m = re.exec(code); m; m = re.exec(code)) out.push(m[1]);
  }
  return out;
}

const FORBIDDEN = [/^vscode$/, /^vscode-languageserver/, /^vscode-languageclient/, /^vscode-jsonrpc/, /^(node:)?fs(\/promises)?$/];

test('nothing under server/src/core imports vscode, vscode-languageserver* or node:fs', () => {
  const bad: string[] = [];
  for (const f of files(core)) {
    for (const spec of importsOf(readFileSync(f, 'utf8'))) {
      if (FORBIDDEN.some((re) => re.test(spec))) bad.push(`${relative(root, f)} imports ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('the check itself sees the import forms it must catch', () => {
  const specs = importsOf("import { a } from 'vscode';\nimport type { B } from \"vscode-languageserver/node\";\nexport * from 'node:fs';\nconst x = import('fs');\n// import 'vscode' in a comment\n");
  assert.deepEqual(specs.filter((s) => FORBIDDEN.some((re) => re.test(s))).sort(), ['fs', 'node:fs', 'vscode', 'vscode-languageserver/node']);
});

/** A node of the layer graph: a folder of the core (`e2e`), or a file at its top (`analyze.ts`). */
function nodeOf(file: string): string {
  const rel = relative(core, file).split(sep);
  return rel.length > 1 ? `${rel[0]}/` : rel[0];
}

test('the core\'s folders import each other without cycles (e2e/ -> analyze.ts -> e2e/ was one)', () => {
  const edges = new Map<string, Set<string>>();
  for (const f of files(core)) {
    for (const spec of importsOf(readFileSync(f, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(f), spec);
      if (!target.startsWith(core)) continue;
      const [a, b] = [nodeOf(f), nodeOf(target.endsWith('.ts') ? target : `${target}.ts`)];
      if (a === b) continue;
      if (!edges.has(a)) edges.set(a, new Set());
      edges.get(a)!.add(b);
    }
  }
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    path.push(n);
    for (const m of edges.get(n) ?? []) {
      if (state.get(m) === 'open') cycles.push([...path.slice(path.indexOf(m)), m].join(' -> '));
      else if (!state.has(m)) visit(m);
    }
    path.pop();
    state.set(n, 'done');
  };
  for (const n of [...edges.keys()].sort()) if (!state.has(n)) visit(n);
  assert.deepEqual(cycles, []);
});

test('the LSP adapter reaches the core through the service facade only', () => {
  const bad: string[] = [];
  for (const dir of [join(root, 'server', 'src', 'lsp')]) {
    for (const f of files(dir)) {
      for (const spec of importsOf(readFileSync(f, 'utf8'))) {
        const target = spec.startsWith('.') ? resolve(dirname(f), spec) : '';
        if (target.startsWith(core) && target !== join(core, 'service')) bad.push(`${relative(root, f)} imports ${spec}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});
