// Offsets -> 0-based line/character for the CLI's output edge (the core's, shared with the report).
export { forEachLineStart, LineIndex, type Position } from '../../server/src/core/lineIndex';
