// Reads a FILE argument (or standard input for `-`) as UTF-8 for redact and decode; says why on
// stderr when it cannot, so the caller only returns exit status 2.
import { readFileSync } from 'node:fs';

export function readTextArgument(path: string): string | undefined {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    process.stderr.write(`xmpp-e2e: cannot read ${path === '-' ? 'standard input' : path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return undefined;
  }
}
