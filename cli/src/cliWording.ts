// The core and the editor share messages that speak of "workspace keys" and the "configured now";
// in a terminal the same things are command-line options. One table turns editor words into CLI
// words, applied to every message the CLI prints (text, JSON, SARIF).

const WORDS: [RegExp, string][] = [
  [/\bthe workspace key store\b/g, 'the keys given with --keys'],
  [/\bin the workspace\b/g, 'in --keys'],
  [/\bNo workspace key\b/g, 'No key given with --keys'],
  [/\bno workspace key\b/g, 'no key given with --keys'],
  [/\bA workspace key\b/g, 'A key given with --keys'],
  [/\bthe matching workspace key\b/g, 'the matching key from --keys'],
  [/\bworkspace keys?\b/g, 'key from --keys'],
  [/\bkey in workspace\b/g, 'key in --keys'],
  [/\bthe configured "now"/g, '--now'],
  [/ \(setting\)/g, ' (--now)'],
];

export function cliWords(message: string): string {
  let out = message;
  for (const [re, to] of WORDS) out = out.replace(re, to);
  return out;
}
