// The client's command table against a minimal stand-in for the `vscode` module: every command
// is registered at once, and with the server down each one that needs it says so clearly.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { ClientCommands } from '../../server/src/protocol/commands';

const shown: string[] = [];
const registered = new Map<string, (...a: unknown[]) => unknown>();
let trusted = true;
const editor = {
  document: { uri: { toString: () => 'file:///w/t.xmpp', path: '/w/t.xmpp', scheme: 'file' }, version: 3, languageId: 'xmpp-trace', getText: () => '<message/>' },
  selection: { active: { line: 0, character: 1 }, isEmpty: true },
  selections: [{ start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }],
};
const fakeVscode = {
  window: {
    activeTextEditor: editor,
    showInformationMessage: async (m: string) => void shown.push(`info: ${m}`),
    showWarningMessage: async (m: string) => void shown.push(`warning: ${m}`),
    showErrorMessage: async (m: string) => void shown.push(`error: ${m}`),
    setStatusBarMessage: () => ({ dispose() {} }),
    showInputBox: async () => undefined,
    registerWebviewPanelSerializer: () => ({ dispose() {} }),
  },
  workspace: {
    get isTrusted() {
      return trusted;
    },
    workspaceFolders: [{ uri: { fsPath: '/w' } }],
    getConfiguration: () => ({ get: (_k: string, d: unknown) => d, update: async () => undefined }),
  },
  commands: {
    registerCommand: (id: string, fn: (...a: unknown[]) => unknown) => {
      registered.set(id, fn);
      return { dispose() {} };
    },
    executeCommand: async () => undefined,
  },
  ViewColumn: { Beside: -2 },
  ConfigurationTarget: { Global: 1, Workspace: 2 },
  Uri: { joinPath: (u: { fsPath: string }, p: string) => ({ fsPath: `${u.fsPath}/${p}` }), from: (x: unknown) => x },
  languages: { setTextDocumentLanguage: async (d: unknown) => d },
};

const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const original = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? fakeVscode : original.call(this, request, ...rest);
};

test('all commands are registered with the server down, and those needing it explain why they cannot run', async () => {
  const { registerCommands, ServerDown } = await import('../../client/src/commands');
  const subscriptions: unknown[] = [];
  let sent = 0;
  registerCommands({ subscriptions } as never, {
    send: async () => {
      sent++;
      throw new ServerDown();
    },
    isRunning: () => false,
    restart: async () => undefined,
    protocolToCode: { asWorkspaceEdit: async () => ({}) as never },
  });
  const { registerExplorer } = await import('../../client/src/explorer/explorerCommands');
  registerExplorer({ subscriptions } as never, async () => {
    throw new ServerDown();
  });
  assert.deepEqual([...registered.keys()].sort(), Object.values(ClientCommands).sort());
  assert.equal(subscriptions.length, registered.size + 1); // + the explorer's panel serializer
  for (const id of [ClientCommands.sealSign, ClientCommands.verifyTrace, ClientCommands.openDecodedObject, ClientCommands.exportObject]) {
    shown.length = 0;
    await registered.get(id)!();
    assert.equal(shown.length, 1, `${id}: ${shown.join(' | ')}`);
    assert.match(shown[0], /^error: The XMPP E2E language server is not running.*Restart Server/);
  }
  assert.ok(sent >= 4);
});

test('in Restricted Mode seal, unseal and keygen explain that keys are not loaded, without asking the server', async () => {
  trusted = false;
  try {
    for (const id of [ClientCommands.sealEncrypt, ClientCommands.sealOx, ClientCommands.unseal, ClientCommands.unsealInPlace, ClientCommands.generateIdentities]) {
      shown.length = 0;
      await registered.get(id)!();
      assert.equal(shown.length, 1, id);
      assert.match(shown[0], /^warning: This workspace is not trusted \(Restricted Mode\).*loads no keys/);
    }
  } finally {
    trusted = true;
  }
});

after(() => {
  loader._load = original;
});
