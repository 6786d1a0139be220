// Writes generated test identities into the key folder; secret files get owner-only permissions.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

export async function writeIdentities(folder: string, files: { name: string; contents: string; secret: boolean }[]): Promise<string[]> {
  const root = resolve(folder);
  const written: string[] = [];
  for (const f of files) {
    const target = resolve(join(root, f.name));
    if (!target.startsWith(root + sep)) throw new Error(`refusing to write outside ${root}: ${f.name}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, f.contents, { mode: f.secret ? 0o600 : 0o644 });
    written.push(target);
  }
  return written;
}
