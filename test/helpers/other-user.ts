/**
 * A second user for the tests where another local user is the attacker: the suite runs as root in
 * CI and drops to uid/gid 65534 (nobody) with `setpriv`. Not root (a developer's machine): such
 * tests are skipped, and say why.
 */
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { it } from 'vitest';
import { itWhere } from './skip.js';

export const OTHER_UID = 65534;

const CAN_SWITCH = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');

/** Runs `command` as uid 65534 (no supplementary groups). */
export function asOtherUser(command: string, args: readonly string[], options: { cwd?: string; input?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync('setpriv', [`--reuid=${OTHER_UID}`, `--regid=${OTHER_UID}`, '--clear-groups', command, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    ...options,
  });
}

/** `it`, for a test that needs a second uid: skipped with the reason on stderr when the suite cannot switch users. */
export function itWithOtherUser(name: string, test: () => void | Promise<void>, timeout?: number): void {
  itWhere(CAN_SWITCH ? undefined : `needs root and /usr/bin/setpriv to act as a second user (uid ${OTHER_UID})`, name, test, timeout);
}
