// The extension manifest agrees with the protocol the client and server share: every command id
// is contributed under the "XMPP E2E" category, every setting the server reads is declared with a
// markdownDescription, and Workspace Trust restricts the key and trust paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ClientCommands, LANGUAGE_IDS } from '../../server/src/protocol/commands';
import { DEFAULT_SETTINGS } from '../../server/src/protocol/settings';
import { repoRoot } from './lspClient';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

function flatten(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0 && k !== 'severity' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

test('every client command is contributed, in the XMPP E2E category, and nothing else is', () => {
  const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(contributed, Object.values(ClientCommands).sort());
  for (const c of pkg.contributes.commands) assert.equal(c.category, 'XMPP E2E');
  const titles = pkg.contributes.commands.map((c: { title: string }) => c.title);
  for (const t of ['Seal: Sign', 'Seal: Encrypt', 'Seal: Sign and Encrypt', 'Unseal', 'Verify Trace', 'Open Decoded Object', 'Show Certificate', 'Generate Test Identities', 'Export S/MIME Object', 'Wrap S/MIME Object into a Stanza', 'Open as XMPP Trace', 'Restart Server']) {
    assert.ok(titles.includes(t), `missing command "${t}"`);
  }
});

test('every server setting is declared with a markdownDescription, plus trace.server', () => {
  const props = pkg.contributes.configuration.properties as Record<string, { markdownDescription?: string; default?: unknown }>;
  const expected = [...flatten(DEFAULT_SETTINGS as unknown as Record<string, unknown>).map((k) => `xmppE2e.${k}`), 'xmppE2e.trace.server'];
  for (const k of expected) {
    assert.ok(props[k], `setting ${k} not declared`);
    assert.ok(props[k].markdownDescription && props[k].markdownDescription!.length > 20, `${k} lacks a markdownDescription`);
  }
  assert.deepEqual(props['xmppE2e.keys.paths'].default, DEFAULT_SETTINGS.keys.paths);
  assert.deepEqual(props['xmppE2e.trust.paths'].default, DEFAULT_SETTINGS.trust.paths);
  assert.equal(props['xmppE2e.clockSkewSeconds'].default, 300);
});

test('Workspace Trust: limited, key and trust paths restricted', () => {
  const u = pkg.capabilities.untrustedWorkspaces;
  assert.equal(u.supported, 'limited');
  assert.deepEqual([...u.restrictedConfigurations].sort(), ['xmppE2e.keys.paths', 'xmppE2e.trust.paths']);
});

test('languages, file extensions and language configurations', () => {
  const langs = pkg.contributes.languages as { id: string; extensions: string[]; configuration: string }[];
  // The server's languages, plus the decoded view's (highlighting only, no file extension).
  assert.deepEqual(langs.map((l) => l.id).filter((id) => id !== 'xmpp-e2e-decoded').sort(), [...LANGUAGE_IDS].sort());
  assert.deepEqual(langs.find((l) => l.id === 'xmpp-trace')!.extensions.sort(), ['.xmpp', '.xmpplog']);
  assert.deepEqual(langs.find((l) => l.id === 'cpim')!.extensions, ['.cpim']);
  assert.deepEqual(langs.find((l) => l.id === 'pidf')!.extensions, ['.pidf']);
  for (const l of langs) if (l.configuration) assert.ok(existsSync(join(repoRoot, l.configuration)), l.configuration);
  assert.equal(pkg.main, './dist/client.js');
});

test('activation wakes the extension only for trace-like documents and never at startup', () => {
  const events: string[] = pkg.activationEvents;
  assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), events.join(', '));
  // onWebviewPanel restores a trace explorer that was open before a reload (its serializer).
  for (const e of events) assert.match(e, /^(onLanguage:(xmpp-trace|cpim|pidf|log|xml|plaintext)|onWebviewPanel:xmppE2e\.traceExplorer)$/, e);
});

test('editor context and title menus offer Seal, Unseal and Open Decoded Object; in Restricted Mode a disabled Seal says why', () => {
  const menus = pkg.contributes.menus;
  const context = menus['editor/context'].find((m: { submenu?: string }) => m.submenu === 'xmppE2e.editor');
  assert.ok(context && /editorLangId == 'xmpp-trace'/.test(context.when));
  const sub = menus['xmppE2e.editor'] as { command: string; when?: string }[];
  const title = menus['editor/title'] as { command: string; when?: string }[];
  for (const list of [sub, title]) {
    const ids = list.map((m) => m.command);
    for (const c of [ClientCommands.sealSignEncrypt, ClientCommands.unseal, ClientCommands.openDecodedObject, ClientCommands.sealUnavailable]) assert.ok(ids.includes(c), `${c} in a menu`);
    assert.match(list.find((m) => m.command === ClientCommands.sealSignEncrypt)!.when!, /(^|&& )isWorkspaceTrusted/);
    assert.match(list.find((m) => m.command === ClientCommands.sealUnavailable)!.when!, /!isWorkspaceTrusted/);
  }
  const unavailable = pkg.contributes.commands.find((c: { command: string }) => c.command === ClientCommands.sealUnavailable);
  assert.equal(unavailable.enablement, 'false');
  assert.match(unavailable.title, /Restricted Mode/);
  for (const m of title) assert.ok(pkg.contributes.commands.find((c: { command: string; icon?: string }) => c.command === m.command)?.icon, `${m.command} has an icon for the title bar`);
});
