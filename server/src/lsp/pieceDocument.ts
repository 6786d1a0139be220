// An open document kept as pieces of text instead of one string. vscode-languageserver-textdocument
// builds each version's text as one string: a keystroke in a 20 MB trace copied all of it (~20 ms,
// and 20 MB of garbage per keystroke). Here a keystroke rewrites the one piece it falls in; the
// whole text is joined only when something asks for it (getText), once per version. The
// analyser's incremental path reads slices (core/textSource.ts) and never asks. Line offsets are
// kept as TextDocument keeps them, updated per change; they are first found piece by piece with
// the core's forEachLineStart, not a loop over every character.
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { forEachLineStart, lastAtOrBefore, runToEnd, type TextSource } from '../core/service';

/** Pieces are cut to this size, and a piece grown past twice this size is cut again. */
export const PIECE_CHARS = 64 * 1024;

/** Pieces joined per step by textInSteps (2 MB). */
const JOIN_PIECES_PER_STEP = 32;
const CR = 13;
const LF = 10;

/** One version's text: the pieces as they were (each version's pieces are its own array). */
class PieceSource implements TextSource {
  #flat?: string;

  constructor(
    readonly pieces: readonly string[],
    /** starts[i]: the offset of pieces[i]. */
    readonly starts: readonly number[],
    readonly length: number,
    /** The whole text when it is at hand (a document as opened): never joined again. */
    whole?: string,
  ) {
    this.#flat = whole;
  }

  /** The piece holding `offset` (the last one for offset === length). */
  pieceAt(offset: number): number {
    return lastAtOrBefore(this.starts, offset);
  }

  charCodeAt(offset: number): number {
    if (offset < 0 || offset >= this.length) return NaN;
    if (this.#flat !== undefined) return this.#flat.charCodeAt(offset);
    const i = this.pieceAt(offset);
    return this.pieces[i].charCodeAt(offset - this.starts[i]);
  }

  slice(start: number, end: number): string {
    const a = Math.max(0, Math.min(start, this.length));
    const b = Math.max(a, Math.min(end, this.length));
    if (this.#flat !== undefined) return this.#flat.slice(a, b);
    if (a === b) return '';
    let i = this.pieceAt(a);
    const first = this.pieces[i];
    const s = this.starts[i];
    if (b <= s + first.length) return first.slice(a - s, b - s);
    const parts = [first.slice(a - s)];
    for (i++; i < this.pieces.length && this.starts[i] < b; i++) parts.push(this.pieces[i].slice(0, b - this.starts[i]));
    return parts.join('');
  }

  text(): string {
    return (this.#flat ??= this.pieces.length === 1 ? this.pieces[0] : this.pieces.join(''));
  }

  /**
   * Groups of pieces joined a step each, the groups concatenated (a rope: V8 copies it flat when
   * first read, one memory copy, ~18 ms for 24 MB against ~27-43 ms for joining every piece).
   */
  *textInSteps(): Generator<void, string, void> {
    if (this.#flat !== undefined || this.pieces.length <= JOIN_PIECES_PER_STEP) return this.text();
    let rope = '';
    for (let i = 0; i < this.pieces.length; i += JOIN_PIECES_PER_STEP) {
      rope += this.pieces.slice(i, i + JOIN_PIECES_PER_STEP).join('');
      yield;
    }
    return (this.#flat ??= rope);
  }
}

function cut(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** A whole text as a source: cut into pieces, and kept whole too (never joined again). */
function wholeSource(text: string, size: number): PieceSource {
  const pieces = cut(text, size);
  return new PieceSource(pieces, startsOf(pieces), text.length, text);
}

function startsOf(pieces: readonly string[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const p of pieces) {
    starts.push(at);
    at += p.length;
  }
  return starts;
}

/** Line starts of a change's text, `at` the offset it is inserted at (CR, LF and CRLF end a line). */
function lineStartsIn(text: string, at: number): number[] {
  const out: number[] = [];
  forEachLineStart(text, (start) => out.push(at + start));
  return out;
}

/** The whole document's line starts, piece by piece (forEachLineStart: indexOf, not a loop per character). */
function lineStartsOf(src: PieceSource): number[] {
  return runToEnd(lineStartsInSteps(src));
}

/** The same, yielding every few pieces. */
function* lineStartsInSteps(src: PieceSource): Generator<void, number[], void> {
  const out = [0];
  for (let k = 0; k < src.pieces.length; k++) {
    if (k % JOIN_PIECES_PER_STEP === JOIN_PIECES_PER_STEP - 1) yield;
    addPieceLineStarts(src, k, out);
  }
  return out;
}

/** Appends the line starts that piece `k` ends lines at. */
function addPieceLineStarts(src: PieceSource, k: number, out: number[]): void {
  const p = src.pieces[k];
  const base = src.starts[k];
  // A CR ending a piece is the first half of a CRLF when the next piece starts with LF: the line ends after the LF.
  const crlfAcross = p.charCodeAt(p.length - 1) === CR && src.charCodeAt(base + p.length) === LF;
  forEachLineStart(p, (start) => {
    if (!(crlfAcross && start === p.length)) out.push(base + start);
  });
}

/**
 * The line starts of a version's first pieces, grown as positions further on are asked: a large
 * trace's first screen is placed without waiting for the whole index (built in steps meanwhile).
 */
interface LinePrefix {
  src: PieceSource;
  lines: number[];
  /** Pieces read. */
  pieces: number;
  /** Every line start below this offset is in `lines`. */
  upTo: number;
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

export class PieceDocument implements TextDocument {
  #version: number;
  #src: PieceSource;
  #lineStarts?: number[];
  #prefix?: LinePrefix;
  readonly #pieceChars: number;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    version: number,
    content: string,
    /** Smaller in tests, to put edits across pieces' edges. */
    pieceChars = PIECE_CHARS,
  ) {
    this.#version = version;
    this.#pieceChars = pieceChars;
    this.#src = wholeSource(content, pieceChars);
  }

  get version(): number {
    return this.#version;
  }

  get length(): number {
    return this.#src.length;
  }

  /** This version's text, for the analyser (slices cost slices). */
  source(): TextSource {
    return this.#src;
  }

  getText(range?: Range): string {
    if (range) return this.#src.slice(this.offsetAt(range.start), this.offsetAt(range.end));
    return this.#src.text();
  }

  get lineCount(): number {
    return this.#lines().length;
  }

  positionAt(offset: number): Position {
    const at = Math.max(Math.min(offset, this.#src.length), 0);
    const lines = this.#lineStarts ?? this.#linesBelow(at);
    let low = 0;
    let high = lines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (lines[mid] > at) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    return { line, character: this.#beforeEol(at, lines[line]) - lines[line] };
  }

  offsetAt(position: Position): number {
    const lines = this.#lines();
    if (position.line >= lines.length) return this.#src.length;
    if (position.line < 0) return 0;
    const lineOffset = lines[position.line];
    if (position.character <= 0) return lineOffset;
    const next = position.line + 1 < lines.length ? lines[position.line + 1] : this.#src.length;
    return this.#beforeEol(Math.min(lineOffset + position.character, next), lineOffset);
  }

  getLineRange(line: number): Range {
    const lines = this.#lines();
    if (line >= lines.length) {
      const last = lines.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.#src.length - lines[last] } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const next = line + 1 < lines.length ? lines[line + 1] : this.#src.length;
    return { start: { line, character: 0 }, end: { line, character: this.#beforeEol(next, lines[line]) - lines[line] } };
  }

  getEOLCharacters(line: number): string {
    const lines = this.#lines();
    if (line >= lines.length || line < 0) return '';
    const next = line + 1 < lines.length ? lines[line + 1] : this.#src.length;
    return this.#src.slice(this.#beforeEol(next, lines[line]), next);
  }

  /** Applies the protocol's changes in order (each range is in the text the ones before made). */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change && change.range) this.#applyRanged(wellFormed(change.range), change.text);
      else {
        this.#src = wholeSource(change.text, this.#pieceChars);
        this.#lineStarts = undefined;
      }
    }
    this.#version = version;
  }

  #lines(): number[] {
    this.#prefix = undefined;
    return (this.#lineStarts ??= lineStartsOf(this.#src));
  }

  /** Line starts that place `at`: the index's first pieces, read on until past `at` (all of them: the index). */
  #linesBelow(at: number): number[] {
    const src = this.#src;
    let p = this.#prefix;
    if (p?.src !== src) p = this.#prefix = { src, lines: [0], pieces: 0, upTo: 0 };
    while (p.upTo <= at && p.pieces < src.pieces.length) {
      addPieceLineStarts(src, p.pieces, p.lines);
      p.upTo = src.starts[p.pieces] + src.pieces[p.pieces].length;
      p.pieces++;
    }
    if (p.pieces < src.pieces.length) return p.lines;
    this.#prefix = undefined;
    return (this.#lineStarts = p.lines);
  }

  /**
   * Builds the line index a few pieces per step (a 24 MB trace's took 40-55 ms in one task, on
   * the first position asked). Kept only if the document did not change meanwhile.
   */
  *lineIndexInSteps(): Generator<void, void, void> {
    if (this.#lineStarts) return;
    const src = this.#src;
    const lines = yield* lineStartsInSteps(src);
    if (this.#src === src && !this.#lineStarts) {
      this.#lineStarts = lines;
      this.#prefix = undefined;
    }
  }

  #beforeEol(offset: number, lineOffset: number): number {
    let o = offset;
    while (o > lineOffset) {
      const c = this.#src.charCodeAt(o - 1);
      if (c !== CR && c !== LF) break;
      o--;
    }
    return o;
  }

  #applyRanged(range: Range, text: string): void {
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    this.#src = replaced(this.#src, start, end, text, this.#pieceChars);
    const src = this.#src;
    const insertedEnd = start + text.length;
    const crlfAtStart = src.charCodeAt(start - 1) === CR && src.charCodeAt(start) === LF;
    const crlfAtEnd = src.charCodeAt(insertedEnd - 1) === CR && src.charCodeAt(insertedEnd) === LF;
    const lines = this.#lineStarts;
    if (crlfAtStart || crlfAtEnd || !lines) {
      // A CRLF pair made across the edit's edge: counted again when next asked (as TextDocument does).
      this.#lineStarts = undefined;
      return;
    }
    const startLine = Math.max(range.start.line, 0);
    const endLine = Math.max(range.end.line, 0);
    const added = lineStartsIn(text, start);
    let out = lines;
    if (endLine - startLine === added.length) {
      for (let i = 0; i < added.length; i++) out[i + startLine + 1] = added[i];
    } else if (added.length < 10_000) out.splice(startLine + 1, endLine - startLine, ...added);
    else out = this.#lineStarts = out.slice(0, startLine + 1).concat(added, out.slice(endLine + 1));
    const diff = text.length - (end - start);
    if (diff !== 0) for (let i = startLine + 1 + added.length; i < out.length; i++) out[i] += diff;
  }
}

/** `src` with [start, end) replaced by `text`: the pieces it touches rewritten, the others shared. */
function replaced(src: PieceSource, start: number, end: number, text: string, size: number): PieceSource {
  const { pieces, starts } = src;
  const a = src.pieceAt(start);
  const b = Math.max(a, src.pieceAt(Math.max(start, end - 1)));
  const head = pieces[a].slice(0, start - starts[a]);
  const tail = pieces[b].slice(Math.min(pieces[b].length, end - starts[b]));
  // Its own string: a slice of a piece would keep the piece it came from alive.
  const mid = flat(head + text + tail);
  const made = mid.length === 0 ? [] : mid.length > 2 * size ? cut(mid, size) : [mid];
  const next = [...pieces.slice(0, a), ...made, ...pieces.slice(b + 1)];
  if (next.length === 0) next.push('');
  return new PieceSource(next, startsOf(next), src.length - (end - start) + text.length);
}

function flat(s: string): string {
  // Reading one character makes V8 flatten a concatenation into one string of its own.
  void s.charCodeAt(0);
  return s;
}

/** A document's length without joining a document in pieces. */
export function textLength(doc: TextDocument): number {
  return doc instanceof PieceDocument ? doc.length : doc.getText().length;
}
