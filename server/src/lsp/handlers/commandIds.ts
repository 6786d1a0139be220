// Which command a lens or code action carries: the VS Code extension's own (virtual documents,
// settings edits) when the client says it implements them, else the server-side one that any LSP
// client can run through workspace/executeCommand.
import type { Command } from 'vscode-languageserver';
import type { Operation } from '../../core/service';
import { ClientCommands, ServerCommands } from '../../protocol/commands';

export function commandFor(op: Operation, uri: string, version: number, clientCommands: boolean): Command {
  switch (op.op) {
    case 'openDecoded':
      return clientCommands
        ? { title: 'Open Decoded Object', command: ClientCommands.openDecodedObject, arguments: [uri, op.objectIndex] }
        : { title: 'Open Decoded Object', command: ServerCommands.openDecodedObject, arguments: [{ uri, objectIndex: op.objectIndex }] };
    case 'unseal':
      return clientCommands
        ? { title: 'Unseal', command: ClientCommands.unseal, arguments: [uri, op.objectIndex] }
        : { title: 'Unseal', command: ServerCommands.unseal, arguments: [{ uri, objectIndex: op.objectIndex }] };
    case 'silence':
      return { title: `Silence ${op.code}`, command: clientCommands ? ClientCommands.silenceCode : ServerCommands.silenceCode, arguments: [op.code] };
    case 'unsealInPlace':
      return { title: 'Unseal in Place', command: ServerCommands.unsealInPlace, arguments: [{ uri, version, objectIndex: op.objectIndex }] };
    case 'seal':
      return { title: 'Seal', command: ServerCommands.seal, arguments: [{ uri, version, stanzaIndexes: op.stanzaIndexes, mode: op.mode }] };
  }
}
