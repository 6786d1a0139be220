// npm run test:real: real XMPP servers and clients from Debian and npm, on 127.0.0.1, started here
// and stopped by PID. Juliet sends romeo RFC 3923 objects sealed at test time (openssl cms and our
// seal); every log the programs write is then judged against what was sent (see harness/judge.ts).
//
//   Prosody 0.12 (default debug log + mod_stanza_debug): juliet on @xmpp/client -> romeo on slixmpp
//   Prosody 0.12 (default debug log only):               slixmpp -> slixmpp, the log is lossy and says so
//   ejabberd 23.01 (loglevel: debug):                    juliet on slixmpp (CDATA as written) -> romeo on @xmpp/client
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { makeScenario, type Scenario } from './harness/scenario';
import { startEjabberd, startProsody, type Server } from './harness/servers';
import { startClient, type ClientKind } from './harness/clients';
import { stopAll } from './harness/processes';
import { editAgreement } from './harness/editAgreement';
import { hasEntryCuts } from '../../server/src/core/stream/segmentCuts';
import {
  ejabberdRecords,
  judgeLog,
  prosodySummaryRecords,
  prosodyWholeRecords,
  libstropheRecords,
  slixmppRecords,
  xmppjsRecords,
  type LogSpec,
  type Verdict,
} from './harness/judge';

/** What is missing here; in CI (.ci/run installs it all) a missing program is a failure, not a skip. */
function missing(...programs: string[]): string | false {
  const absent = programs.filter((p) => {
    const r = p === 'slixmpp' ? spawnSync('/usr/bin/python3', ['-c', 'import slixmpp']) : spawnSync('sh', ['-c', `command -v ${p}`]);
    return r.status !== 0;
  });
  if (!absent.length) return false;
  if (process.env.CI) throw new Error(`real XMPP software missing in CI: ${absent.join(', ')}`);
  return `not installed here: ${absent.join(', ')} (bash .ci/run installs them)`;
}

let scenario: Scenario;
let root: string;
const verdicts: Verdict[] = [];
const editReport: string[] = [];
/** Keep the logs for a look after the run: XMPP_E2E_REAL_KEEP=1. */
const keep = !!process.env.XMPP_E2E_REAL_KEEP;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'xmpp-e2e-real-'));
  // The ejabberd user must reach its own folder below this one.
  chmodSync(root, 0o755);
  scenario = makeScenario();
});

after(async () => {
  await stopAll();
  if (keep && scenario) {
    // The ground truth and the (test-made) keys beside the logs, to judge them again by hand.
    writeFileSync(join(root, 'cases.json'), JSON.stringify(scenario.cases, null, 2));
    for (const f of ['romeo.key', 'romeo.crt', 'ca.crt']) copyFileSync(join(scenario.ws.dir, f), join(root, f));
  }
  scenario?.cleanup();
  if (verdicts.length) {
    const report = verdicts.map((v) => `${v.name}: dialect ${v.dialect}, ${v.stanzas}/${v.records} stanzas, ${v.found}/${v.expected} expected findings, ${v.falseAlarms.length} false alarms`).join('\n');
    console.log(`\nreal-software logs (${root}):\n${report}\nedited as in the editor:\n${editReport.join('\n')}`);
    writeFileSync(join(root, 'verdicts.json'), JSON.stringify(verdicts, null, 2));
  }
  if (!keep) rmSync(root, { recursive: true, force: true });
});

const CLIENT: Record<ClientKind, { dialect: LogSpec['dialect']; count: LogSpec['countRecords']; wire: (dir: 'in' | 'out') => 'cdata' | 'escaped' }> = {
  // slixmpp logs what it sends as written (CDATA kept) and what it receives re-serialised.
  slixmpp: { dialect: 'slixmpp', count: slixmppRecords, wire: (d) => (d === 'out' ? 'cdata' : 'escaped') },
  // ltx holds text, not CDATA: @xmpp/debug prints it raw either way, and xmpp.js sends it escaped.
  xmppjs: { dialect: 'xmppjs', count: xmppjsRecords, wire: () => 'escaped' },
  // libstrophe logs the stanzas it parsed, re-serialised.
  profanity: { dialect: 'libstrophe', count: libstropheRecords, wire: () => 'escaped' },
};

interface SessionLogs {
  juliet: string;
  romeo: string;
  /** romeo's second resource (slixmpp), which gets only what was sent to his bare JID. */
  terrace: string;
}

/** One session: romeo (two resources) logs in, juliet sends every case, all leave; returns the logs. */
async function session(server: Server, dir: string, sender: ClientKind, receiver: ClientKind): Promise<SessionLogs> {
  await server.register('juliet', 'juliet-pw');
  await server.register('romeo', 'romeo-pw');
  const messages = scenario.cases.filter((c) => c.kind === 'message');
  const romeo = await startClient({ kind: receiver, user: 'romeo', password: 'romeo-pw', resource: 'orchard', port: server.port, dir, expect: messages.length, lastId: messages[messages.length - 1].id });
  const terraceDir = join(dir, 'terrace');
  mkdirSync(terraceDir, { recursive: true });
  const bare = messages.filter((c) => c.toBare).length;
  const terrace = await startClient({ kind: 'slixmpp', user: 'romeo', password: 'romeo-pw', resource: 'terrace', port: server.port, dir: terraceDir, expect: bare });
  const juliet = await startClient({ kind: sender, user: 'juliet', password: 'juliet-pw', resource: 'balcony', port: server.port, dir, send: scenario.cases.map((c) => c.xml) });
  await Promise.all([juliet.done, romeo.done, terrace.done]);
  return { juliet: juliet.log, romeo: romeo.log, terrace: terrace.log };
}

function clientLogs(logs: SessionLogs, sender: ClientKind, receiver: ClientKind, server: string): LogSpec[] {
  const s = CLIENT.slixmpp;
  return [
    { name: `${sender} (juliet, sender) via ${server}`, file: logs.juliet, dialect: CLIENT[sender].dialect, copies: 1, countRecords: CLIENT[sender].count, wire: { in: CLIENT[sender].wire('in'), out: CLIENT[sender].wire('out') } },
    { name: `${receiver} (romeo, receiver) via ${server}`, file: logs.romeo, dialect: CLIENT[receiver].dialect, copies: 1, countRecords: CLIENT[receiver].count, wire: { in: CLIENT[receiver].wire('in'), out: CLIENT[receiver].wire('out') } },
    { name: `slixmpp (romeo's second resource) via ${server}`, file: logs.terrace, dialect: s.dialect, copies: 0, bareCopies: 1, countRecords: s.count, wire: { in: s.wire('in'), out: s.wire('out') } },
  ];
}

function check(spec: LogSpec): void {
  const { verdict } = judgeLog(spec, scenario.cases, scenario.keys);
  verdicts.push(verdict);
  assert.deepEqual({ problems: verdict.problems, falseAlarms: verdict.falseAlarms }, { problems: [], falseAlarms: [] }, spec.name);
  assert.ok(verdict.expected > 0 && verdict.found === verdict.expected);
  // Edited as in the editor: the incremental analysis equals a fresh one, and reuses the parse
  // where the dialect's entries allow it.
  const edits = editAgreement(spec.file, scenario.keys);
  assert.equal(edits.differs, undefined, `${spec.name}: ${edits.differs}`);
  assert.ok(edits.edits > 0);
  editReport.push(`${spec.name}: ${edits.edits} edits, ${edits.spliced} reused the parse`);
  // Every dialect with entry cuts reuses the parse: Prosody's default (summaries-only) log too,
  // its summaries being its stanzas.
  if (hasEntryCuts(spec.dialect)) assert.ok(edits.spliced > 0, `${spec.name}: no edit reused the parse`);
}

function serverDir(name: string): string {
  const d = join(root, name);
  mkdirSync(d, { recursive: true });
  chmodSync(d, 0o755);
  return d;
}

describe('Prosody 0.12 with mod_stanza_debug; @xmpp/client -> slixmpp', { skip: missing('prosody', 'prosodyctl', 'slixmpp') }, () => {
  let specs: LogSpec[] = [];
  before(async () => {
    const dir = serverDir('prosody');
    const server = await startProsody(dir, { stanzaDebug: true });
    try {
      const logs = await session(server, dir, 'xmppjs', 'slixmpp');
      specs = [
        // Prosody logs both legs re-serialised from its parse: escaped text, LF line ends.
        { name: 'prosody (default debug + mod_stanza_debug)', file: server.logs[0], dialect: 'prosody', copies: 2, bareCopies: 3, countRecords: prosodyWholeRecords, wire: { in: 'escaped', out: 'escaped' } },
        ...clientLogs(logs, 'xmppjs', 'slixmpp', 'prosody'),
      ];
    } finally {
      await server.stop();
    }
  });
  test('prosody log', () => check(specs[0]));
  test('@xmpp/debug log (sender)', () => check(specs[1]));
  test('slixmpp log (receiver)', () => check(specs[2]));
  test("slixmpp log (romeo's second resource)", () => check(specs[3]));
});

describe('Prosody 0.12, default debug log only; slixmpp -> Profanity', { skip: missing('prosody', 'prosodyctl', 'slixmpp', 'profanity', 'tmux') }, () => {
  let spec: LogSpec;
  let clients: LogSpec[] = [];
  before(async () => {
    const dir = serverDir('prosody-default');
    const server = await startProsody(dir, { stanzaDebug: false });
    try {
      clients = clientLogs(await session(server, dir, 'slixmpp', 'profanity'), 'slixmpp', 'profanity', 'prosody');
    } finally {
      await server.stop();
    }
    spec = {
      name: 'prosody (default debug log)',
      file: server.logs[0],
      dialect: 'prosody',
      copies: 2,
      bareCopies: 3,
      countRecords: prosodySummaryRecords,
      wire: { in: 'escaped', out: 'escaped' },
      lossy: true,
      logFindings: ['trace.format.lossy'],
    };
  });
  test('opening tags only: one lossy finding that names mod_stanza_debug, no false alarm', () => check(spec));
  test('slixmpp log (sender)', () => check(clients[0]));
  test('Profanity log (receiver, libstrophe)', () => check(clients[1]));
  test("slixmpp log (romeo's second resource)", () => check(clients[2]));
});

describe('ejabberd 23.01 at loglevel debug; slixmpp -> @xmpp/client', { skip: missing('ejabberdctl', 'slixmpp') }, () => {
  let specs: LogSpec[] = [];
  before(async () => {
    const dir = serverDir('ejabberd');
    const server = await startEjabberd(dir);
    try {
      const logs = await session(server, dir, 'slixmpp', 'xmppjs');
      specs = [
        // ejabberd logs what it received as it came in (slixmpp's CDATA, in TCP-sized chunks) and
        // what it sends re-serialised (escaped text).
        { name: 'ejabberd (loglevel debug)', file: server.logs[0], dialect: 'ejabberd', copies: 2, bareCopies: 3, countRecords: ejabberdRecords, wire: { in: 'cdata', out: 'escaped' } },
        // The same records on the console, without the logging process's `<pid>@module` prefix.
        { name: 'ejabberd console (foreground)', file: server.logs[1], dialect: 'ejabberd', copies: 2, bareCopies: 3, countRecords: ejabberdRecords, wire: { in: 'cdata', out: 'escaped' } },
        ...clientLogs(logs, 'slixmpp', 'xmppjs', 'ejabberd'),
      ];
    } finally {
      await server.stop();
    }
  });
  test('ejabberd log', () => check(specs[0]));
  test('ejabberd console output', () => check(specs[1]));
  test('slixmpp log (sender)', () => check(specs[2]));
  test('@xmpp/debug log (receiver)', () => check(specs[3]));
  test("slixmpp log (romeo's second resource)", () => check(specs[4]));
});
