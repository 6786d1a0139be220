// Settings per resource through `workspace/configuration` (cached, cleared on change); editors
// without it get initializationOptions.settings or the defaults.
import type { Connection } from 'vscode-languageserver';
import { normalizeSettings, type XmppE2eSettings } from '../protocol/settings';

const CONFIGURATION_TIMEOUT_MS = 3000;

export class SettingsStore {
  private readonly cache = new Map<string, Promise<XmppE2eSettings>>();
  private fallback: XmppE2eSettings;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
    initial: unknown,
  ) {
    this.fallback = normalizeSettings(initial);
  }

  /** From `didChangeConfiguration` pushes (clients without pull send the whole section). */
  setFallback(raw: unknown): void {
    this.fallback = normalizeSettings(raw);
    this.cache.clear();
  }

  clear(): void {
    this.cache.clear();
  }

  get(uri: string): Promise<XmppE2eSettings> {
    if (!this.canPull()) return Promise.resolve(this.fallback);
    let p = this.cache.get(uri);
    if (!p) {
      // A client that advertises workspace/configuration but never answers must not stall every feature.
      const answer = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'xmppE2e' });
      const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), CONFIGURATION_TIMEOUT_MS).unref());
      p = Promise.race([answer, timeout])
        .then((raw: unknown) => (raw == null ? this.fallback : normalizeSettings(raw)))
        .catch(() => this.fallback);
      this.cache.set(uri, p);
    }
    return p;
  }
}
