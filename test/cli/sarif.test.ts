// SARIF 2.1.0 validated against the official OASIS schema (sarif-2.1.0-rtm.5, as shipped in the npm
// package @microsoft/jest-sarif), with file:// URIs against SRCROOT, the invocation's exit code and
// rules that explain themselves and link into docs/diagnostic-codes.md.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const repo = join(__dirname, '..', '..');
const cliPath = join(repo, 'dist', 'cli.js');
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
let validate: ReturnType<Ajv['compile']>;

function cli(args: string[], cwd = repo) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function valid(sarif: unknown): void {
  const ok = validate(sarif);
  assert.ok(ok, `SARIF schema errors: ${JSON.stringify(validate.errors?.slice(0, 5), null, 2)}`);
}

before(() => {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  assert.match(schema.title, /SARIF\) Version 2\.1\.0/);
  // The schema's `language` pattern is not valid with the regexp u flag (a known erratum): plain regexps.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  validate = ajv.compile(schema);
});

test('the schema check can fail: a SARIF log without runs, or with a bad level, is rejected', () => {
  assert.equal(validate({ version: '2.1.0' }), false);
  const r = JSON.parse(cli(['inspect', '--format', 'sarif', 'samples/pidf/presence.pidf']).stdout);
  r.runs[0].results[0].level = 'fatal';
  assert.equal(validate(r), false);
});

test('inspect --format sarif on the samples: schema-valid, relative URIs against a file:// SRCROOT, exit code recorded', () => {
  const args = ['inspect', '--format', 'sarif', '--keys', 'samples/.xmpp-e2e', '--trust', 'samples/.xmpp-e2e/trust', 'samples/traces/02-tampered-and-mismatched.xml', 'samples/pidf/presence.pidf'];
  const r = cli(args);
  assert.equal(r.code, 1, r.stderr);
  const sarif = JSON.parse(r.stdout);
  valid(sarif);
  const run = sarif.runs[0];
  assert.equal(run.originalUriBaseIds.SRCROOT.uri, pathToFileURL(repo + '/').href);
  for (const res of run.results) {
    const loc = res.locations[0].physicalLocation.artifactLocation;
    assert.equal(loc.uriBaseId, 'SRCROOT');
    assert.match(loc.uri, /^samples\/(traces|pidf)\//);
    assert.equal(run.artifacts[loc.index].location.uri, loc.uri);
  }
  const inv = run.invocations[0];
  assert.equal(inv.exitCode, 1);
  assert.equal(inv.executionSuccessful, true);
  assert.deepEqual(inv.arguments, args);
  assert.ok(Date.parse(inv.endTimeUtc) >= Date.parse(inv.startTimeUtc));
  assert.equal(run.columnKind, 'utf16CodeUnits');
});

test('every rule: short and full description, default level, helpUri to its anchor in docs/diagnostic-codes.md', () => {
  const sarif = JSON.parse(cli(['inspect', '--format', 'sarif', 'samples/traces/02-tampered-and-mismatched.xml', 'samples/pidf/presence.pidf', 'samples/cpim/message.cpim']).stdout);
  valid(sarif);
  const docs = readFileSync(join(repo, 'docs', 'diagnostic-codes.md'), 'utf8');
  const repoUrl = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
  const rules = sarif.runs[0].tool.driver.rules;
  assert.ok(rules.length >= 4);
  for (const rule of rules) {
    assert.ok(rule.shortDescription.text.length > 10, rule.id);
    assert.ok(rule.fullDescription.text.length > rule.shortDescription.text.length, `${rule.id}: the full description says more`);
    assert.match(rule.fullDescription.text, /Default severity: (error|warning|information|hint)/);
    assert.equal(rule.helpUri, `${repoUrl}/blob/main/docs/diagnostic-codes.md#${rule.id}`);
    assert.ok(docs.includes(`<a id="${rule.id}"></a>`), `docs/diagnostic-codes.md has the anchor for ${rule.id}`);
  }
  for (const res of sarif.runs[0].results) assert.equal(rules[res.ruleIndex].id, res.ruleId);
});

test('a file outside the working directory gets an absolute file:// URI, still schema-valid; a clean run records exit 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-sarif-'));
  try {
    const file = join(dir, 'my trace.xml');
    writeFileSync(file, "<message to='romeo@example.net' id='1'><body>hi</bdy></message>\n");
    const r = cli(['inspect', '--format', 'sarif', file]);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout);
    valid(sarif);
    const loc = sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.equal(loc.uri, pathToFileURL(file).href);
    assert.match(loc.uri, /^file:\/\/\/.*my%20trace\.xml$/);
    assert.equal(loc.uriBaseId, undefined);
    writeFileSync(join(dir, 'clean.xml'), "<message to='romeo@example.net' id='1'><body>hi</body></message>\n");
    const clean = cli(['inspect', '--format', 'sarif', 'clean.xml'], dir);
    assert.equal(clean.code, 0);
    const s2 = JSON.parse(clean.stdout);
    valid(s2);
    assert.equal(s2.runs[0].invocations[0].exitCode, 0);
    assert.equal(s2.runs[0].originalUriBaseIds.SRCROOT.uri, pathToFileURL(dir + '/').href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
