// The conformance matrix, generated: each checklist rule ID -> the codes that show it -> the tests
// (conformance cases) that produce them, or the README's reason why it is not implemented.
//   node --import tsx test/conformance/coverageTable.ts > test/conformance/coverage.md
import { RULES } from '../../server/src/core/rules';
import { ALL_CASES } from './cases';
import { readmeConformance, refIds } from './checklist';

const ORDER = ['E2E', 'LEG', 'CPIM', 'PIDF', 'ADDR', 'CORE', 'SMIME', 'CMS', 'DLY', 'AMB'];

export function sortIds(ids: Iterable<string>): string[] {
  const key = (id: string) => {
    const [p, n] = id.split('-');
    return [ORDER.indexOf(p!), Number(n)] as const;
  };
  return [...new Set(ids)].sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
}

/** Every rule ID the project knows of: from cases, the rules table's refs and the README list. */
export function knownIds(): string[] {
  return sortIds([...ALL_CASES.flatMap((c) => c.rules), ...RULES.flatMap((r) => refIds(r.ref)), ...readmeConformance().map((r) => r.id)]);
}

export function renderCoverageTable(): string {
  const readme = new Map(readmeConformance().map((r) => [r.id, r]));
  const lines = [
    '# Conformance matrix',
    '',
    'Generated from test/conformance (cases.ts and the README\'s "Conformance" section) by',
    '`node --import tsx test/conformance/coverageTable.ts > test/conformance/coverage.md`;',
    'coverage.test.ts fails when it is stale, when a rule or a code loses its test, or when a rule',
    'of the checklist is neither tested nor listed in the README with its reason.',
    '',
    counts(),
    '',
    '| rule | codes | tests (test/conformance/conformance.test.ts) | not implemented |',
    '|---|---|---|---|',
  ];
  for (const id of knownIds()) {
    const cases = ALL_CASES.filter((c) => c.rules.includes(id));
    const codes = [...new Set(cases.map((c) => `\`${c.code}\``))].join(', ');
    const tests = cases.map((c) => c.name.replace(/\|/g, '\\|').replace(/</g, '&lt;')).join('; ');
    const r = readme.get(id);
    lines.push(`| ${id} | ${codes} | ${tests} | ${r ? `${r.status}: ${r.reason}` : ''} |`);
  }
  lines.push('');
  return lines.join('\n');
}

function counts(): string {
  const ids = knownIds();
  const shown = new Set(ALL_CASES.flatMap((c) => c.rules));
  const readme = readmeConformance();
  const partly = new Set(readme.filter((r) => r.status.startsWith('partly')).map((r) => r.id)).size;
  const produced = new Set(ALL_CASES.map((c) => c.code)).size;
  return `${ids.filter((id) => shown.has(id)).length} of ${ids.length} rules are shown by a conformance case (${partly} of them only in part), ` +
    `${ids.filter((id) => !shown.has(id)).length} are listed in the README with the reason; ${produced} of the ${RULES.length} codes are produced by the ${ALL_CASES.length} cases.`;
}

if (process.argv[1]?.endsWith('coverageTable.ts')) process.stdout.write(renderCoverageTable());
