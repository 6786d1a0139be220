// Capabilities and wiring only: one session (state and the stale-check layer) and the handler
// modules over it. Each handler finds the document, gets the analysis of its version, calls one
// core service function and converts offsets at the edge.
import type { Connection } from 'vscode-languageserver';
import { Session } from './session';
import { registerLifecycle } from './handlers/lifecycle';
import { registerDiagnostics } from './handlers/diagnostics';
import { registerFeatures } from './handlers/features';
import { registerObjectRequests } from './handlers/objects';
import { registerCommands } from './handlers/commands';
import { registerCaptureRequests } from './captureRequests';
import { registerExplorerHandlers } from './explorerHandlers';

export function startServer(connection: Connection): void {
  const session = new Session(connection);
  registerLifecycle(session);
  registerDiagnostics(session);
  registerFeatures(session);
  registerObjectRequests(session);
  registerCommands(session);
  // Network captures are binary files the client does not sync: their own requests (captureRequests.ts).
  registerCaptureRequests(session.connection, { log: (m) => session.log(m), settings: (uri) => session.settings.get(uri), keys: (s, path) => session.keys.get(s, path) });
  registerExplorerHandlers(connection, (uri) => session.latest(uri), (uri) => session.documents.get(uri), (m) => session.log(m));
  session.documents.listen(connection);
}
