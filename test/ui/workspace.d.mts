// Types for workspace.mjs, so the TypeScript test-electron suite can share the workspace builder.
export declare const JULIET: string;
export declare const ROMEO: string;
export declare const EXT: string;
export declare const BODY_PLAIN: string;
export declare function cli(args: string[], opts?: { input?: string }): string;
export declare function message(m: { from: string; to: string; id: string; body: string; type?: string }): string;
export declare function seal(file: string, flags: string[], keysDir: string): string;
export declare function e2ePayloads(text: string): { content: string; start: number }[];
export declare function tamper(text: string, index: number, phrase: string): string;
export declare function keyFilesFor(keysDir: string, jid: string): { key?: string; cert?: string; ca?: string };
export interface UiWorkspace {
  dir: string;
  keysDir: string;
  problems: string;
  sealed: string;
  plain: string;
  bodies: Record<'BODY_MISMATCH' | 'BODY_TAMPER' | 'BODY_SEALED' | 'BODY_PLAIN', string>;
}
export declare function buildWorkspace(dir: string): UiWorkspace;
