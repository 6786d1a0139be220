// The CLI's failures as one line each: a user's mistake (a missing file, a bad JID, an --out that
// is a file) says what is wrong; only a real defect says "internal error". And a reader that
// leaves early (`xmpp-e2e inspect … | head -1`) ends the output quietly, not with an EPIPE stack.
import { FileRefusal } from '../../server/src/node/secureFiles';

/** A failure caused by the input or the arguments: its message is the whole, one-line reason. */
export class CliError extends Error {}

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'already exists',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EMFILE: 'too many open files',
};

/** "no such file or folder" for ENOENT, else the code itself. */
export function errnoWords(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return (code && ERRNO_WORDS[code]) ?? code ?? oneLine((e as Error)?.message ?? String(e));
}

/** The reason printed after `xmpp-e2e: `. */
export function failureReason(e: unknown): string {
  if (e instanceof CliError || e instanceof FileRefusal) return oneLine(e.message);
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code === 'string' && /^E[A-Z]+$/.test(err.code) && err.path) {
    return `${err.syscall ? `cannot ${err.syscall} ` : ''}${err.path}: ${errnoWords(err)}`;
  }
  return `internal error: ${oneLine(err?.message ?? String(e))}`;
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * A closed stdout or stderr (the reader exited) is not an error of ours: later writes are dropped
 * and the process ends with the exit code it was going to have.
 */
export function quietOnBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
      throw e;
    });
  }
}
