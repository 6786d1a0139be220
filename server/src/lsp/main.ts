// Entry of dist/server.js (also bin/xmpp-e2e-language-server): LSP over --stdio, node IPC or
// sockets, as vscode-languageserver picks from the command line. stdout carries only LSP messages.
import { createConnection, ProposedFeatures, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from './server';
import { SteppedMessageReader } from './steppedMessageReader';

// Anything a dependency prints must not corrupt the stdio transport.
console.log = console.error;
console.info = console.error;
console.debug = console.error;
console.warn = console.error;

if (process.argv.includes('--version')) {
  process.stderr.write('xmpp-e2e-language-server 0.1.0\n');
  process.exit(0);
}

// Over stdio, our reader parses a large message in steps (the event loop stays free during a
// 22 MB didOpen); node IPC and sockets keep vscode-jsonrpc's own transport.
const connection = process.argv.includes('--stdio')
  ? createConnection(ProposedFeatures.all, new SteppedMessageReader(process.stdin), new StreamMessageWriter(process.stdout))
  : createConnection(ProposedFeatures.all);
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e?.stack ?? String(e)}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${(e as Error)?.stack ?? String(e)}`));
startServer(connection);
connection.listen();
