// Types for explorerLog.mjs (shared with scripts/bench-explorer.ts).
export declare function sessionLog(n: number): string;
