// openpgp is a large library: it is loaded when an OpenPGP key, object or key generation first
// needs it, so that an inspect of S/MIME objects does not pay its start-up (~60 ms a process).
import type * as OpenPgp from 'openpgp';

let lib: typeof OpenPgp | undefined;

export function openpgpLib(): typeof OpenPgp {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (lib ??= require('openpgp') as typeof OpenPgp);
}
