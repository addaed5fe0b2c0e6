/**
 * The entry point of bin/sidecar-lint.cjs, the whole of sidecar-lint in one committed file: the
 * command line, the language server and the GitHub Action.
 * - Loaded by bin/sidecar-lint.js or bin/sidecar-lint-lsp.js (bin/load-cli.js): `main`, the command line.
 * - Run by node as the process's entry: the GitHub Action (`runs.main`) when GITHUB_ACTIONS is true
 *   and no argument is given, which is how the runner starts it; otherwise the command line.
 * - Started as a worker thread (runs with plugin rules, lint workers): main.ts and lint-worker.ts act.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { runAction } from './action.js';
import { main } from './main.js';

export { main };

function isEntry(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainThread && isEntry()) {
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd(), env: process.env };
  // A CommonJS bundle has no top-level await.
  const run = process.env.GITHUB_ACTIONS === 'true' && process.argv.length === 2
    ? runAction(process.env, { ...io, cwd: process.env.GITHUB_WORKSPACE || io.cwd })
    : main(process.argv.slice(2), io);
  void run.then((code) => {
    process.exitCode = code;
  });
}
