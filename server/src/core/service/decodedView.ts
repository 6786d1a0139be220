// The decoded view of one object: what the editor's "Open Decoded Object" shows (lens click,
// `xmppE2e/decodedView`) and what `xmpp-e2e decode FILE [--index N]` prints. One text for both.
import { analyzeDocument, type Analysis, type AnalyzeOptions } from '../analyze';
import { describeFromAnalysis } from './unseal';
import { inspectSections } from '../inspect/inspectSections';
import type { KeyStore, Span } from '../types';

export interface DecodedView {
  /** e.g. `trace.xmpp — object 2`. */
  title: string;
  text: string;
}

/** The decoded view of object `objectIndex` (0-based) of an analysed document; undefined when there is no such object. */
export function decodedView(analysis: Analysis, objectIndex: number, fileName?: string, inspect?: InspectOptions): DecodedView | undefined {
  if (!analysis.records[objectIndex]) return undefined;
  let text = describeFromAnalysis(analysis, objectIndex);
  // The certificate path and the ASN.1 trees, each node with its place in the file (`where`).
  // (CMS only: an OX, XEP-0027 or OMEMO object has neither.)
  if (inspect && analysis.records[objectIndex].report.kind === 'rfc3923') text = `${text}\n\n${inspectSections(analysis, objectIndex, inspect.keys, inspect.where).join('\n')}`;
  return { title: `${fileName ? `${fileName} — ` : ''}object ${objectIndex + 1}`, text };
}

export interface InspectOptions {
  keys: KeyStore | undefined;
  /** A file span as the face shows it (`line:col-line:col`). */
  where: (span: Span) => string;
}

/**
 * Text in, decoded view out: the entry point for the CLI's `decode` subcommand. The same text as
 * the editor's view of that object; when the document has no such object, the text says so.
 */
export function describeObject(text: string, objectIndex: number, options: AnalyzeOptions): string {
  return describeFromAnalysis(analyzeDocument(text, options), objectIndex);
}
