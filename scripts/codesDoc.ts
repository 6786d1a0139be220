// Renders docs/diagnostic-codes.md from the rule registry, so the user docs never drift from the code.
//   node --import tsx scripts/codesDoc.ts > docs/diagnostic-codes.md
import { RULES, ROWS } from '../server/src/core/rules';

export function renderCodesDoc(): string {
  const lines = [
    '# Diagnostic codes',
    '',
    'Every finding carries one of these stable codes: in the Problems panel (`Diagnostic.code`), in',
    "the CLI's JSON and SARIF output, and in the `xmppE2e.severity` setting that changes or silences a",
    'code (`"e2e.alg.nonMti": "off"`). Codes never change once shipped. The reference column points',
    'into the requirements checklist (E2E-n = RFC 3923, CPIM-n = RFC 3862, PIDF-n = RFC 3863,',
    'SMIME-n / CMS-n, DLY-n = delayed delivery, AMB-n = choices where the specs are silent).',
    '',
    '| code | default severity | when | reference |',
    '|---|---|---|---|',
    // The anchor is what SARIF rules' helpUri and editors' code links point at.
    ...RULES.map((r) => `| <a id="${r.code}"></a>\`${r.code}\` | ${r.severity} | ${r.description.replace(/\|/g, '\\|')} | ${r.ref} |`),
    '',
    ...severityNotes(),
  ];
  return lines.join('\n');
}

/** Where a default severity differs from the requirements checklist, and why. */
function severityNotes(): string[] {
  const noted = ROWS.filter((r) => r.severityNote);
  if (noted.length === 0) return [];
  return [
    '## Severities that differ from the checklist',
    '',
    ...noted.map((r) => `- \`${r.code}\` (${r.severity}): ${r.severityNote}.`),
    '',
  ];
}

if (process.argv[1]?.endsWith('codesDoc.ts')) process.stdout.write(renderCodesDoc());
