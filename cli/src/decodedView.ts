// The decoded view the editor shows, for `xmpp-e2e decode`: the core service's, with the same
// certificate path and ASN.1 sections and the same line:col places, so both faces print one text.
import { decodedView, type Analysis, type KeyStore, type Span } from '../../server/src/core/service';

export function decodedViewText(analysis: Analysis, objectIndex: number, keys: KeyStore | undefined, where: (span: Span) => string): string {
  return decodedView(analysis, objectIndex, undefined, { keys, where })?.text ?? `No <e2e/> object ${objectIndex + 1} in this document (it holds ${analysis.objects.length}).\n`;
}
