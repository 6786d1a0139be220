// The server's state and its one stale-check layer. Every handler asks here for the analysis of a
// document: `latest` for what is shown (a request made for an older version gets the newer
// answer), `exact` for what edits (refused when the client's version is not the current one).
import { TextDocuments, type Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, KeyStore, SeverityOverride } from '../core/service';
import { AnalysisCache } from './analysisCache';
import { KeyStoreManager } from './keyStoreManager';
import { SettingsStore } from './settingsStore';
import { yieldToEventLoop } from './runSafe';
import { URI } from './uri';
import type { XmppE2eSettings } from '../protocol/settings';
import * as P from '../protocol/requests';
import { createSecretReceiver } from '../protocol/sealedSecret';

export interface Ctx {
  doc: TextDocument;
  s: XmppE2eSettings;
  analysis: Analysis;
  /** The document's version the analysis is of (the document object is updated in place). */
  version?: number;
}

/** What the client said it can do (initialize). */
export interface ClientCaps {
  pullDiagnostics: boolean;
  pullConfiguration: boolean;
  relatedInformation: boolean;
  dynamicWatch: boolean;
  dynamicConfig: boolean;
  folderEvents: boolean;
  passphrases: boolean;
  /** The VS Code extension runs ClientCommands; other clients get ServerCommands. */
  clientCommands: boolean;
  showDocument: boolean;
  /** WorkspaceEdit.documentChanges (versioned edits). */
  documentChanges: boolean;
}

export const STALE = 'The document changed since the action was offered; try again.';

export class Session {
  readonly cache = new AnalysisCache();
  readonly documents = new TextDocuments(this.cache.edits.documents);
  readonly settings: SettingsStore;
  readonly keys: KeyStoreManager;
  folders: string[] = [];
  caps: ClientCaps = {
    pullDiagnostics: false,
    pullConfiguration: false,
    relatedInformation: true,
    dynamicWatch: false,
    dynamicConfig: false,
    folderEvents: false,
    passphrases: false,
    clientCommands: false,
    showDocument: false,
    documentChanges: false,
  };
  /** Codes silenced through ServerCommands.silenceCode, for this session. */
  readonly silenced = new Set<string>();
  /** Set by the diagnostics handlers: re-validate every open document. */
  revalidateAll: () => void = () => undefined;

  constructor(readonly connection: Connection) {
    this.settings = new SettingsStore(connection, () => this.caps.pullConfiguration, undefined);
    this.keys = new KeyStoreManager(() => this.folders, (path, retry) => this.askPassphrase(path, retry), (m) => this.log(m));
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  private async askPassphrase(path: string, retry: boolean): Promise<string | undefined> {
    if (!this.caps.passphrases) return undefined;
    const receiver = createSecretReceiver();
    const params: P.PassphraseParams = { path, publicKey: receiver.publicKey, retry };
    const r = await this.connection.sendRequest<P.PassphraseResult>(P.PassphraseRequest, params);
    return receiver.open(r?.sealed);
  }

  /** The user's per-code severities, with the codes silenced in this session turned off. */
  overrides(s: XmppE2eSettings): Record<string, SeverityOverride> {
    const out: Record<string, SeverityOverride> = { ...s.severity };
    for (const code of this.silenced) out[code] = 'off';
    return out;
  }

  async keysFor(s: XmppE2eSettings, doc: TextDocument): Promise<KeyStore | undefined> {
    return this.keys.get(s, URI.toPath(doc.uri));
  }

  /**
   * The analysis of exactly this version, or undefined when a newer version won on the way.
   * `early`: a provisional analysis (the parsed trace, objects judged so far) will do.
   */
  async current(doc: TextDocument, early = false): Promise<Ctx | undefined> {
    return this.analysed(doc, (s, store) => (early ? this.cache.early(doc, s, store, doc.languageId) : this.cache.get(doc, s, store, doc.languageId)));
  }

  /**
   * A large trace's first screen (AnalysisCache.firstScreen) while the analysis of this version
   * runs: undefined when there is none, or once the analysis is complete.
   */
  async firstScreen(doc: TextDocument): Promise<Ctx | undefined> {
    return this.analysed(doc, (s, store) => {
      // Starts the analysis of this version, or joins the one running.
      this.cache.get(doc, s, store, doc.languageId).catch(() => undefined);
      return this.cache.firstScreen(doc);
    });
  }

  /** What `pick` gives for this version, with its settings and keys, while the document is still that version. */
  private async analysed(doc: TextDocument, pick: (s: XmppE2eSettings, store: KeyStore | undefined) => Promise<Analysis | undefined>): Promise<Ctx | undefined> {
    // A didChange updates the TextDocument in place: the version asked for is the one it has now.
    const version = doc.version;
    const s = await this.settings.get(doc.uri);
    const store = await this.keysFor(s, doc);
    await yieldToEventLoop();
    if (this.documents.get(doc.uri) !== doc || doc.version !== version) return undefined;
    const analysis = await pick(s, store);
    // Converted to positions with the document's line index: only while it is still that version.
    return analysis && doc.version === version ? { doc, s, analysis, version } : undefined;
  }

  /** Whether `r`'s document is still the version it was analysed at (after an await, before positions are made). */
  isCurrent(r: Ctx): boolean {
    return this.documents.get(r.doc.uri) === r.doc && (r.version === undefined || r.doc.version === r.version);
  }

  /** The analysis of the document's newest version. */
  async latest(uri: string): Promise<Ctx | undefined> {
    return this.newest(uri, false);
  }

  /** As `latest`, or a provisional analysis while a large one runs (hover, definition, folding). */
  async latestEarly(uri: string): Promise<Ctx | undefined> {
    return this.newest(uri, true);
  }

  private async newest(uri: string, early: boolean): Promise<Ctx | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const doc = this.documents.get(uri);
      if (!doc) return undefined;
      const r = await this.current(doc, early);
      if (r) return r;
    }
    return undefined;
  }

  /** For edits: the analysis of `version` when it is still the current one; `stale` otherwise. */
  async exact(uri: string, version: number | undefined): Promise<Ctx | 'stale' | undefined> {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    if (version !== undefined && version !== doc.version) return 'stale';
    const r = await this.current(doc);
    return r ?? 'stale';
  }
}
