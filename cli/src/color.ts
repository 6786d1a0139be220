// Whether to colour, as modern command-line tools decide it: FORCE_COLOR (not "0") forces colour on,
// FORCE_COLOR=0 and NO_COLOR (non-empty, https://no-color.org) turn it off, otherwise colour only
// when the output is a terminal that is not "dumb". FORCE_COLOR wins over NO_COLOR, as in Node.

export interface ColorEnv {
  NO_COLOR?: string;
  FORCE_COLOR?: string;
  TERM?: string;
}

export function colorEnabled(isTTY: boolean | undefined, env: ColorEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY === true && env.TERM !== 'dumb';
}

export type Paint = (text: string) => string;

export interface Palette {
  error: Paint;
  warning: Paint;
  information: Paint;
  hint: Paint;
  bold: Paint;
  dim: Paint;
  gutter: Paint;
  path: Paint;
}

const sgr = (open: string, close: string): Paint => (t) => (t ? `\u001b[${open}m${t}\u001b[${close}m` : t);
const none: Paint = (t) => t;

export function palette(enabled: boolean): Palette {
  if (!enabled) return { error: none, warning: none, information: none, hint: none, bold: none, dim: none, gutter: none, path: none };
  return {
    error: sgr('1;31', '22;39'),
    warning: sgr('1;33', '22;39'),
    information: sgr('1;36', '22;39'),
    hint: sgr('2', '22'),
    bold: sgr('1', '22'),
    dim: sgr('2', '22'),
    gutter: sgr('34', '39'),
    path: sgr('1', '22'),
  };
}
