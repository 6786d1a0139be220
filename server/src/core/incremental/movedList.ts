// A list after an edit as pieces of earlier lists, each moved by a distance: the stanzas (or a
// stream's children) before the edit, the re-parsed ones, and those after it moved by the edit's
// length. Splicing is a few piece operations whatever the list's length; an item is moved (a lazy
// move, lazyShift.ts) when first read. Pieces always hold items as first parsed, so a move of a
// move is one move. It reads as an array (a Proxy over a sparse cache of the items made).
import { lastAtOrBefore } from '../sortedSearch';

const PIECES = Symbol('pieces');

interface Piece<T> {
  items: readonly T[];
  from: number;
  to: number;
  delta: number;
}

interface Pieces<T> {
  list: Piece<T>[];
  /** starts[k]: the list index of list[k]'s first item. */
  starts: number[];
  length: number;
  move: (item: T, delta: number) => T;
  /** The items made so far (read through the Proxy). */
  cache: T[];
}

/** The pieces of `items`: its own, when it is a moved list; else one piece, unmoved. */
function piecesOf<T>(items: readonly T[]): Piece<T>[] {
  const own = (items as unknown as { [PIECES]?: Pieces<T> })[PIECES];
  return own ? own.list : items.length === 0 ? [] : [{ items, from: 0, to: items.length, delta: 0 }];
}

/** items[from, to) as pieces, each moved `delta` further. */
export function slicePieces<T>(items: readonly T[], from: number, to: number, delta = 0): Piece<T>[] {
  const out: Piece<T>[] = [];
  let at = 0;
  for (const p of piecesOf(items)) {
    const n = p.to - p.from;
    const a = Math.max(from, at);
    const b = Math.min(to, at + n);
    if (a < b) out.push({ items: p.items, from: p.from + (a - at), to: p.from + (b - at), delta: p.delta + delta });
    at += n;
    if (at >= to) break;
  }
  return out;
}

/** Pieces above this many are read back into one array: lookups stay short after many edits. */
const MAX_PIECES = 64;

export function movedList<T>(pieces: Piece<T>[], move: (item: T, delta: number) => T): T[] {
  const list = pieces.filter((p) => p.to > p.from);
  if (list.length > MAX_PIECES) return pieceItems(list, move);
  const starts: number[] = [];
  let length = 0;
  for (const p of list) {
    starts.push(length);
    length += p.to - p.from;
  }
  const cache: T[] = new Array(length);
  const own: Pieces<T> = { list, starts, length, move, cache };
  const at = (i: number): T => {
    let v = cache[i];
    if (v === undefined) {
      const k = lastAtOrBefore(starts, i);
      const p = list[k];
      cache[i] = v = move(p.items[p.from + i - starts[k]], p.delta);
    }
    return v;
  };
  return new Proxy(cache, {
    get(target, key, receiver) {
      if (typeof key === 'string') {
        const i = indexOf(key);
        if (i >= 0 && i < length) return at(i);
      } else if (key === PIECES) return own;
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === 'string') {
        const i = indexOf(key);
        if (i >= 0) return i < length;
      }
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === 'string') {
        const i = indexOf(key);
        if (i >= 0 && i < length) {
          at(i);
          return Reflect.getOwnPropertyDescriptor(target, key);
        }
      }
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      for (let i = 0; i < length; i++) at(i);
      return Reflect.ownKeys(target);
    },
  });
}

/** Every item, moved, in a plain array. */
function pieceItems<T>(list: Piece<T>[], move: (item: T, delta: number) => T): T[] {
  const out: T[] = [];
  for (const p of list) for (let i = p.from; i < p.to; i++) out.push(move(p.items[i], p.delta));
  return out;
}

/** Items made per step by plainListInSteps (each a lazy move: an object or two). */
const PLAIN_ITEMS_PER_STEP = 8192;

/**
 * The list as a plain array (for a pass that reads every item anyway), made from the pieces in
 * steps: read through the Proxy, 50,000 stanzas took 50-70 ms in one task. Items already made
 * are the same objects.
 */
export function* plainListInSteps<T>(items: T[]): Generator<void, T[], void> {
  const own = (items as unknown as { [PIECES]?: Pieces<T> })[PIECES];
  if (!own) return items;
  const out: T[] = new Array(own.length);
  for (let k = 0; k < own.list.length; k++) {
    const p = own.list[k];
    for (let i = p.from, n = own.starts[k]; i < p.to; i++, n++) {
      out[n] = own.cache[n] ?? own.move(p.items[i], p.delta);
      if (n % PLAIN_ITEMS_PER_STEP === PLAIN_ITEMS_PER_STEP - 1) yield;
    }
  }
  return out;
}

/** A canonical array index ("0", "17"), else -1. */
function indexOf(key: string): number {
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57 || (c === 48 && key.length > 1)) return -1;
  const n = Number(key);
  return Number.isInteger(n) ? n : -1;
}
