/**
 * The GitHub Action's entry point (bundled into action/index.js): run the action in the workspace.
 * The same bundle is the worker thread of runs with plugin rules; there main.ts acts and this does not.
 */
import { isMainThread } from 'node:worker_threads';
import { runAction } from './action.js';

if (isMainThread) {
  const cwd = process.env.GITHUB_WORKSPACE || process.cwd();
  process.exitCode = await runAction(process.env, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd, env: process.env });
}
