// Reading the sources the conformance check compares: rule IDs of spec-checklist.md (when the shared
// folder is there), the README's "Conformance" list of rules not implemented, and `ref` fields.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..');
export const CHECKLIST = join(REPO, '..', 'shared', 'docs', 'spec-checklist.md');

export function readChecklist(): string | undefined {
  try {
    return readFileSync(CHECKLIST, 'utf8');
  } catch {
    return undefined;
  }
}

/** Every rule ID the checklist defines (`**E2E-1**`, `**AMB-1. Title**`), in order. */
export function checklistIds(text: string): string[] {
  const ids = [...text.matchAll(/\*\*((?:E2E|LEG|CPIM|PIDF|ADDR|CORE|SMIME|CMS|DLY)-\d+)\*\*|\*\*(AMB-\d+)\./g)].map((m) => m[1] ?? m[2]!);
  return [...new Set(ids)];
}

/** `code` (Severity ...) pairs the checklist states, lower-cased severities. */
export function checklistSeverities(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/`([a-z0-9]+(?:\.[a-zA-Z0-9]+)+)`\s*\((Error|Warning|Information|Hint)\b/g)) {
    if (!out.has(m[1]!)) out.set(m[1]!, m[2]!.toLowerCase());
  }
  return out;
}

/** `E2E-37..40`, `E2E-19/20`, `CMS-4..8` -> single IDs. */
export function refIds(ref: string): string[] {
  const out: string[] = [];
  for (const part of ref.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Z0-9]+)-(\d+)(?:(\.\.|\/)(\d+))?$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    const from = Number(m[2]);
    const to = m[4] !== undefined ? Number(m[4]) : from;
    for (let n = from; n <= to; n++) out.push(`${m[1]}-${n}`);
  }
  return out;
}

export interface NotImplemented {
  id: string;
  status: string;
  reason: string;
}

/** Rows `| ID | status | reason |` of the README's "Conformance" section. */
export function readmeConformance(): NotImplemented[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const start = readme.search(/^## Conformance\b/m);
  if (start < 0) return [];
  const rest = readme.slice(start + 3);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  const rows: NotImplemented[] = [];
  for (const m of section.matchAll(/^\| ([A-Z0-9]+-\d+(?:, [A-Z0-9]+-\d+)*) \| ([^|]+) \| ([^|]+) \|$/gm)) {
    for (const id of m[1]!.split(', ')) rows.push({ id, status: m[2]!.trim(), reason: m[3]!.trim() });
  }
  return rows;
}
