// Each subcommand declares its options as data (one row per option); the same table parses argv
// and writes `--help`, the synopsis and the README's CLI block. Adding an option is adding a row.
import { parseArgs, UsageError, type ParsedArgs } from './args';

export interface OptionRow {
  /** Long name without the dashes: `keys` for `--keys`. */
  name: string;
  /** One-letter alias without the dash. */
  short?: string;
  /** The value's placeholder (`PATH`, `text|json|sarif`); absent for a flag. */
  value?: string;
  /** May be given several times (values collect in order). */
  repeat?: boolean;
  /** Must be given (shown without brackets in the synopsis). */
  required?: boolean;
  /** Left out of the help (internal or test-only options). */
  hidden?: boolean;
  help: string;
}

export interface CommandSpec {
  name: string;
  /** The operands after the options, as the synopsis shows them: `FILE...`, `FILE|-`. */
  operands: string;
  /** One line for the command list. */
  summary: string;
  /** The paragraphs of `xmpp-e2e NAME --help` between the synopsis and the options. */
  description: string;
  options: OptionRow[];
}

export const HELP_ROW: OptionRow = { name: 'help', short: 'h', help: 'show this help and exit' };

/** Thrown by parseCommand when --help / -h is among the options: the caller prints the help. */
export class HelpRequested extends Error {
  constructor(readonly spec: CommandSpec) {
    super(`help for ${spec.name}`);
  }
}

/** Parses argv with the command's table: long and short names, `--opt=value`, `--` ends options. */
export function parseCommand(argv: string[], spec: CommandSpec): ParsedArgs {
  const rows = [...spec.options, HELP_ROW];
  const byShort = new Map(rows.filter((r) => r.short).map((r) => [r.short!, r]));
  const expanded: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      expanded.push(...argv.slice(i));
      break;
    }
    if (/^-[A-Za-z]$/.test(a)) {
      const row = byShort.get(a.slice(1));
      if (!row) throw new UsageError(`unknown option ${a} for ${spec.name}`);
      expanded.push(`--${row.name}`);
    } else {
      expanded.push(a);
    }
  }
  // --help wins over anything else on the line (even a missing value or a bad option after it).
  const end = expanded.indexOf('--');
  if ((end < 0 ? expanded : expanded.slice(0, end)).includes('--help')) throw new HelpRequested(spec);
  return parseArgs(expanded, {
    values: spec.options.filter((r) => r.value !== undefined).map((r) => r.name),
    flags: spec.options.filter((r) => r.value === undefined).map((r) => r.name),
  });
}

function optionText(r: OptionRow): string {
  return `--${r.name}${r.value !== undefined ? ` ${r.value}` : ''}`;
}

/** `xmpp-e2e seal [--sign] ... --keys PATH... FILE|-`, wrapped at `width` with a hanging indent. */
export function synopsis(program: string, spec: CommandSpec, width = 100): string {
  const head = `${program} ${spec.name}`;
  const parts = spec.options
    .filter((r) => !r.hidden)
    .map((r) => {
      const t = optionText(r) + (r.repeat ? '...' : '');
      return r.required ? t : `[${t}]`;
    });
  if (spec.operands) parts.push(spec.operands);
  const lines: string[] = [];
  let line = head;
  for (const p of parts) {
    if (line.length + 1 + p.length > width && line.trim() !== head) {
      lines.push(line);
      line = ' '.repeat(head.length) + ' ' + p;
    } else {
      line += ' ' + p;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

/** The full `--help` page of one command. */
export function commandHelp(program: string, spec: CommandSpec): string {
  const rows = [...spec.options.filter((r) => !r.hidden), HELP_ROW];
  const left = rows.map((r) => `${r.short ? `-${r.short}, ` : '    '}${optionText(r)}`);
  const col = Math.min(34, Math.max(...left.map((l) => l.length)) + 2);
  const opts = rows.map((r, i) => {
    const l = left[i];
    const note = [r.required ? 'required' : '', r.repeat ? 'repeatable' : ''].filter(Boolean).join(', ');
    const text = r.help + (note ? ` (${note})` : '');
    return l.length + 2 > col ? `  ${l}\n  ${' '.repeat(col)}${text}` : `  ${l.padEnd(col)}${text}`;
  });
  return `Usage:\n  ${synopsis(program, spec).split('\n').join('\n  ')}\n\n${spec.description.trim()}\n\nOptions:\n${opts.join('\n')}\n`;
}
