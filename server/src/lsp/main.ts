// Entry of dist/server.js (also bin/xmpp-e2e-language-server): LSP over --stdio, node IPC or
// sockets, as vscode-languageserver picks from the command line. stdout carries only LSP messages.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// Anything a dependency prints must not corrupt the stdio transport.
console.log = console.error;
console.info = console.error;
console.debug = console.error;
console.warn = console.error;

if (process.argv.includes('--version')) {
  process.stderr.write('xmpp-e2e-language-server 0.1.0\n');
  process.exit(0);
}

const connection = createConnection(ProposedFeatures.all);
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e?.stack ?? String(e)}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${(e as Error)?.stack ?? String(e)}`));
startServer(connection);
connection.listen();
