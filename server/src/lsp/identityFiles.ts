// Writes generated test identities into a key folder inside the workspace: private keys 0600,
// folders 0700, nothing replaced unless the client says so, nothing outside a workspace folder.
import { FileRefusal, folderInWorkspace, writeFilesSecurely, type OutFile } from '../node/secureFiles';

export async function writeIdentities(folder: string, files: OutFile[], workspaceFolders: readonly string[], overwrite = false): Promise<string[]> {
  const where = folderInWorkspace(folder, workspaceFolders);
  if (!where.ok) throw new FileRefusal(where.reason);
  return writeFilesSecurely(where.path, files, overwrite, 'delete them first to generate new ones');
}
