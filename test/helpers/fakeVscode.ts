// Test helper: makes `import * as vscode from 'vscode'` resolve to a stand-in object, for client
// modules tested without an editor. Call before importing the module under test.
import Module from 'node:module';

export function useFakeVscode(fake: object): void {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? fake : load.call(this, request, ...rest);
  };
}
