/**
 * Which server the extension starts: in a trusted workspace, the workspace's own sidecar-lint (so
 * the editor lints with the version the project pins, as its CI does), else the copy bundled in the
 * extension. A workspace that is not trusted is not asked for code to run: its node_modules could
 * hold anything under that name.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The server's launcher inside an installed sidecar-lint package. */
export const LAUNCHER = join('bin', 'sidecar-lint-lsp.js');

export function serverModule(workspaceFolders: readonly string[], extensionDir: string, trusted: boolean, exists: (path: string) => boolean = existsSync): string {
  for (const folder of trusted ? workspaceFolders : []) {
    const local = join(folder, 'node_modules', 'sidecar-lint', LAUNCHER);
    if (exists(local)) return local;
  }
  return join(extensionDir, 'server', LAUNCHER);
}
