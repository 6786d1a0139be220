// `npm run demo`: inspects the bundled sample traces with the bundled demo identities (TEST keys)
// and prints the report. The sample traces carry their capture times, so the timestamp window is
// judged as it was at capture time without a --now.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
if (!existsSync(join(root, 'dist', 'cli.js'))) {
  const b = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const args = [
  join(root, 'bin', 'xmpp-e2e.js'),
  'inspect',
  '--keys', 'samples/.xmpp-e2e',
  '--trust', 'samples/.xmpp-e2e/trust',
  'samples/traces/01-clean-session.xml',
  'samples/traces/02-tampered-and-mismatched.xml',
  'samples/traces/03-to-seal.xml',
  'samples/cpim/message.cpim',
  'samples/pidf/presence.pidf',
];
console.log('XMPP E2E Inspector demo: sample traces sealed with generated TEST identities (samples/.xmpp-e2e)\n');
console.log(`$ xmpp-e2e ${args.slice(1).join(' ')}\n`);
const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
// Exit 1 means "errors were found", which the samples contain on purpose.
process.exit(r.status === 0 || r.status === 1 ? 0 : (r.status ?? 2));
