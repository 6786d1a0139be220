// What each edit of an open document changed, as the client said it: the language server knows
// an edit's range from the protocol, so the analyser need not compare two versions of a 20 MB
// text to find it (incremental/textDiff.ts does that when the log cannot say). The log wraps
// the documents' update (PieceDocument: an open document in pieces), applying a change list one
// change at a time as the protocol orders them.
import type { Range, TextDocumentsConfiguration } from 'vscode-languageserver';
import { composeWindows, type ChangedWindow } from '../core/service';
import { PieceDocument } from './pieceDocument';

interface Step {
  /** The version before the step and the version it made. */
  from: number;
  to: number;
  /** Undefined: a whole-text change (no range), nothing known. */
  window: ChangedWindow | undefined;
}

/** Steps kept per document: an analysis further behind than this compares texts instead. */
const MAX_STEPS = 64;

export class EditLog {
  private readonly steps = new Map<string, Step[]>();

  /** The TextDocuments configuration that records every update here. */
  readonly documents: TextDocumentsConfiguration<PieceDocument> = {
    create: (uri, languageId, version, content) => {
      this.steps.delete(uri);
      return new PieceDocument(uri, languageId, version, content);
    },
    update: (doc, changes, version) => {
      const from = doc.version;
      let window: ChangedWindow | undefined;
      let known = true;
      for (const change of changes) {
        const w = 'range' in change && change.range ? rangeWindow(doc, change.range, change.text) : undefined;
        if (!w) known = false;
        else window = window ? composeWindows(window, w) : w;
        doc.update([change], version);
      }
      this.record(doc.uri, { from, to: version, window: known ? window : undefined });
      return doc;
    },
  };

  private record(uri: string, step: Step): void {
    let list = this.steps.get(uri);
    if (!list) this.steps.set(uri, (list = []));
    list.push(step);
    if (list.length > MAX_STEPS) list.splice(0, list.length - MAX_STEPS);
  }

  /** The one window taking version `since` to version `to`, when every step between is known. */
  windowBetween(uri: string, since: number, to: number): ChangedWindow | undefined {
    const list = this.steps.get(uri);
    if (!list || since === to) return undefined;
    let i = list.findIndex((s) => s.from === since);
    if (i < 0) return undefined;
    let w: ChangedWindow | undefined;
    for (let v = since; v !== to; i++) {
      const s = list[i];
      if (!s || s.from !== v || !s.window) return undefined;
      w = w ? composeWindows(w, s.window) : s.window;
      v = s.to;
    }
    return w;
  }

  forget(uri: string): void {
    this.steps.delete(uri);
  }
}

/** The window of one ranged change, in the offsets of the text it applies to. */
function rangeWindow(doc: PieceDocument, range: Range, text: string): ChangedWindow {
  // TextDocument.update takes a reversed range the right way round: so does this.
  const a = doc.offsetAt(range.start);
  const b = doc.offsetAt(range.end);
  const start = Math.min(a, b);
  return { start, oldEnd: Math.max(a, b), newEnd: start + text.length };
}
