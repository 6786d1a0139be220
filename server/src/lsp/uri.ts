// file: URIs <-> paths without the vscode-uri dependency (only file: URIs reach the key loader).
import { fileURLToPath, pathToFileURL } from 'node:url';

export const URI = {
  fromPath(path: string): string {
    return pathToFileURL(path).href;
  },
  /** The file path of a file: URI, or undefined for other schemes (untitled:...). */
  toPath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  },
  /** The last path segment (for fileName-based kinds), any scheme. */
  baseName(uri: string): string {
    const noQuery = uri.replace(/[?#].*$/, '');
    const i = noQuery.lastIndexOf('/');
    return decodeURIComponent(noQuery.slice(i + 1));
  },
};
