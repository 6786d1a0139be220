// What the fuzz main thread and its workers agree on (kept apart so the main bundle does not run the worker).
export const TARGETS = ['trace', 'cpim', 'pidf', 'der', 'erlang'] as const;
/** Characters of the running input copied to shared memory (for saving a hang). */
export const SHARED_CHARS = 300 * 1024;

export interface WorkerData {
  repo: string;
  seed: number;
  start: number;
  /** Stop after this input index (exclusive). */
  end: number;
  /** Epoch ms after which no new input starts. */
  deadline: number;
  slowMs: number;
  maxChars: number;
  /** [0] input index, [1] text length, [2] target number; then the text as UTF-16 code units. */
  shared: SharedArrayBuffer;
  /** [0] start time of the running input (epoch ms, 0 when idle). */
  clock: SharedArrayBuffer;
}
