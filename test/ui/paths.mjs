// Locations shared by the UI suite.
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const resultsDir = resolve(repoRoot, 'test-results', 'ui');
export const vsixPath = process.env.XMPP_E2E_VSIX ?? resolve(repoRoot, 'xmpp-e2e-inspector.vsix');
export const cliPath = resolve(repoRoot, 'bin', 'xmpp-e2e.js');
