// `inspect --format json` written piece by piece: the same bytes as formatJson (JSON.stringify of
// `{ files }` with two-space indentation), with a streamed file's objects read from where they
// were spilled instead of held in one array.
import type { OutFile } from './formatReport';

export interface JsonFile {
  out: OutFile;
  /** A streamed file's objects (its `out.objects` is then empty), in order. */
  objects?: () => Iterable<unknown>;
}

const indent = (s: string, pad: string) => pad + s.replace(/\n/g, '\n' + pad);

/** `value` as JSON.stringify writes it inside `wrapper` (whose text is `open` + value + `close`), two-space indented: indented by its place, not by a pass over its text. */
function stringifiedInside(wrapper: unknown, open: string, close: string): string {
  const whole = JSON.stringify(wrapper, null, 2);
  return whole.slice(open.length, whole.length - close.length);
}

/** `out` as an element of `{ files: [...] }`. */
const insideFiles = (out: OutFile) => stringifiedInside({ files: [out] }, '{\n  "files": [\n', '\n  ]\n}');

/** A streamed object as an element of a file's `objects`. */
const insideObjects = (o: unknown) => stringifiedInside({ files: [{ objects: [o] }] }, '{\n  "files": [\n    {\n      "objects": [\n', '\n      ]\n    }\n  ]\n}');

export function writeJsonReport(files: readonly JsonFile[], write: (s: string) => void): void {
  if (files.length === 0) {
    write(JSON.stringify({ files: [] }, null, 2) + '\n');
    return;
  }
  write('{\n  "files": [');
  files.forEach((f, i) => {
    write(i ? ',\n' : '\n');
    // Stringified inside the wrapper it is indented already: no pass over the text to indent it.
    if (!f.objects) return write(insideFiles(f.out));
    const head = JSON.stringify(f.out, null, 2);
    // `"objects": []` closes the file's text: the streamed objects go between the brackets.
    const open = head.slice(0, head.length - '[]\n}'.length);
    let n = 0;
    for (const o of f.objects()) {
      write(n++ === 0 ? indent(open + '[', '    ') + '\n' : ',\n');
      write(insideObjects(o));
    }
    write(n === 0 ? indent(head, '    ') : '\n      ]\n    }');
  });
  write('\n  ]\n}\n');
}

/** The report on standard output in pieces of about a megabyte (a streamed file's comes in many small ones). */
export function writeJsonToStdout(files: readonly JsonFile[]): void {
  let chunk = '';
  const flush = () => {
    if (chunk) process.stdout.write(chunk);
    chunk = '';
  };
  writeJsonReport(files, (s) => {
    chunk += s;
    if (chunk.length >= 1 << 20) flush();
  });
  flush();
}
