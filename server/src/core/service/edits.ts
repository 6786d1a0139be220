// Offset edits: what a fix, a seal or an unseal in place does to a document (the faces turn
// spans into ranges or splice them into the text).
import type { Span } from '../types';

export interface OffsetEdit {
  span: Span;
  newText: string;
}
