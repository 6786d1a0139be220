// `xmpp-e2e inspect --format sarif`: SARIF 2.1.0 as code-scanning services read it. Paths inside
// the working directory are relative URIs against `originalUriBaseIds.SRCROOT` (a `file://` URI),
// others absolute `file://` URIs; every rule has its full description and a helpUri into
// docs/diagnostic-codes.md; the invocation records the command line and the exit code.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from '../../server/src/core/rules';
import type { Severity } from '../../server/src/core/types';
import { homepage, repository } from '../../package.json';
import { cliWords } from './cliWording';
import type { OutFile } from './formatReport';

export interface SarifRun {
  version: string;
  /** The arguments after `xmpp-e2e`. */
  argv: string[];
  cwd: string;
  exitCode: number;
  startTime: Date;
  endTime: Date;
}

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const BASE = 'SRCROOT';

/** The repository's web address (package.json `repository.url` without `git+` and `.git`). */
function repositoryWeb(): string {
  return repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
}

export function helpUri(code: string): string {
  return `${repositoryWeb()}/blob/main/docs/diagnostic-codes.md#${encodeURIComponent(code)}`;
}

function encodePath(p: string): string {
  return p.split(sep).join('/').split('/').map(encodeURIComponent).join('/');
}

/** An artifactLocation: relative to SRCROOT when under `cwd`, else an absolute file:// URI. */
function artifactLocation(path: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (path === '-') return { uri: 'standard-input', uriBaseId: BASE };
  const abs = resolve(cwd, path);
  const rel = relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return { uri: encodePath(rel), uriBaseId: BASE };
  return { uri: pathToFileURL(abs).href };
}

function rule(code: string) {
  const r = RULES.find((x) => x.code === code);
  const description = cliWords(r?.description ?? code);
  const sentence = description.charAt(0).toUpperCase() + description.slice(1) + (/[.!?]$/.test(description) ? '' : '.');
  const ref = r?.ref ? ` Specification reference: ${r.ref} (docs/spec-checklist).` : '';
  const severity = r?.severity ?? 'warning';
  const full = `${sentence} Default severity: ${severity}; change or silence it with the xmppE2e.severity setting or inspect --severity ${code}=LEVEL.${ref}`;
  return {
    id: code,
    shortDescription: { text: sentence },
    fullDescription: { text: full },
    helpUri: helpUri(code),
    help: { text: `${full} See ${helpUri(code)}`, markdown: `**${code}**: ${sentence}${ref}\n\n[${code} in the diagnostic codes](${helpUri(code)})` },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: { tags: [code.split('.')[0]], ...(r?.ref ? { specReference: r.ref } : {}) },
  };
}

function region(range: OutFile['diagnostics'][number]['range']) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

export function formatSarif(files: OutFile[], run: SarifRun): string {
  const used = [...new Set(files.flatMap((f) => f.diagnostics.map((d) => d.code)))].sort();
  const rules = used.map(rule);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const artifactIndex = new Map(files.map((f, i) => [f.path, i]));
  const results = files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code)!,
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { ...artifactLocation(f.path, run.cwd), index: artifactIndex.get(f.path)! },
            region: region(d.range),
          },
        },
      ],
      ...(d.relatedInformation?.length
        ? {
            relatedLocations: d.relatedInformation.map((ri, id) => ({
              id,
              message: { text: ri.message },
              physicalLocation: {
                artifactLocation: artifactLocation(ri.path ?? f.path, run.cwd),
                ...(ri.path ? {} : { region: region(ri.range) }),
              },
            })),
          }
        : {}),
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'xmpp-e2e',
            fullName: 'XMPP E2E Inspector',
            version: run.version,
            semanticVersion: run.version,
            informationUri: homepage,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: run.exitCode === 0 || run.exitCode === 1,
            exitCode: run.exitCode,
            commandLine: ['xmpp-e2e', ...run.argv].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' '),
            arguments: run.argv,
            startTimeUtc: run.startTime.toISOString(),
            endTimeUtc: run.endTime.toISOString(),
            workingDirectory: { uri: pathToFileURL(run.cwd.endsWith(sep) ? run.cwd : run.cwd + sep).href },
          },
        ],
        originalUriBaseIds: { [BASE]: { uri: pathToFileURL(run.cwd.endsWith(sep) ? run.cwd : run.cwd + sep).href } },
        artifacts: files.map((f) => ({ location: artifactLocation(f.path, run.cwd), ...(f.kind === 'trace' ? {} : { mimeType: f.kind === 'cpim' ? 'message/cpim' : 'application/pidf+xml' }) })),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
