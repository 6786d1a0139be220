// The decoded view of one object: what the editor's "Open Decoded Object" shows (lens click,
// `xmppE2e/decodedView`) and what `xmpp-e2e decode FILE [--index N]` prints. One text for both.
import { analyzeDocument, type Analysis, type AnalyzeOptions } from '../analyze';
import { describeFromAnalysis } from './unseal';

export interface DecodedView {
  /** e.g. `trace.xmpp — object 2`. */
  title: string;
  text: string;
}

/** The decoded view of object `objectIndex` (0-based) of an analysed document; undefined when there is no such object. */
export function decodedView(analysis: Analysis, objectIndex: number, fileName?: string): DecodedView | undefined {
  if (!analysis.records[objectIndex]) return undefined;
  return { title: `${fileName ? `${fileName} — ` : ''}object ${objectIndex + 1}`, text: describeFromAnalysis(analysis, objectIndex) };
}

/**
 * Text in, decoded view out: the entry point for the CLI's `decode` subcommand. The same text as
 * the editor's view of that object; when the document has no such object, the text says so.
 */
export function describeObject(text: string, objectIndex: number, options: AnalyzeOptions): string {
  return describeFromAnalysis(analyzeDocument(text, options), objectIndex);
}
