// The trace-wide rules' state (replay, send order, gateway, presence) before some of a trace's
// objects, kept beside its analysis. An edit inside one sealed object (incremental/rejudgeStanza.ts)
// feeds the rules from the last checkpoint before that object, not from the trace's first object.
// The state holds offsets into the text (first sightings, accepted timestamps): a checkpoint stays
// valid while every object it has seen lies before the edits since it was taken.
import type { ObjectRecord, TraceWideRules } from './checkTraceObjects';

/** Objects between two checkpoints: a copy of the rules costs about as much as feeding them this many. */
export const CHECKPOINT_EVERY = 500;

export interface RuleCheckpoint {
  /** The index of the first record not seen (never 0): the rules have been fed records [0, at). */
  readonly at: number;
  /** Never fed again: whoever starts from it feeds a copy (clone). */
  readonly rules: TraceWideRules;
}

/** Kept beside the analysis, not in it (as its findings' layout): the analysis is what faces show and tests compare. */
const kept = new WeakMap<object, readonly RuleCheckpoint[]>();

export function checkpointsOf(a: object): readonly RuleCheckpoint[] {
  return kept.get(a) ?? [];
}

export function withCheckpoints<A extends object>(a: A, checkpoints: readonly RuleCheckpoint[]): A {
  if (checkpoints.length > 0) kept.set(a, checkpoints);
  return a;
}

/** Whether one is due before record `at` (the first record of a stanza), after those taken so far. */
export function checkpointDue(taken: readonly RuleCheckpoint[], at: number, every = CHECKPOINT_EVERY): boolean {
  return at > 0 && at - (taken[taken.length - 1]?.at ?? 0) >= every;
}

/** The checkpoints still valid after an edit from `from` in the text they were taken on: those that saw only objects ending before it. */
export function checkpointsBefore(checkpoints: readonly RuleCheckpoint[], records: readonly ObjectRecord[], from: number): RuleCheckpoint[] {
  return checkpoints.filter((c) => records[c.at - 1].report.span.end <= from);
}
