/**
 * Reads what a container's command line does, as far as a linter can tell without running it:
 * whether it clearly keeps running (tail -F, sleep infinity, an endless loop) or clearly finishes
 * (copies, clones, downloads, chmod, migrations, exit). Anything else is "unknown".
 * Pure string heuristics; the reasons are kept so messages can say why.
 */

export interface Verdict {
  readonly reason: string;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

/** The command line as one string; for `sh -c SCRIPT` it is the script. */
export function commandScript(command: unknown, args: unknown): string {
  const tokens = [...strings(command), ...strings(args)];
  const isShellFlag = (token: string | undefined): boolean => token !== undefined && /^-[a-z]*c[a-z]*$/.test(token);
  if (isShellFlag(tokens[0])) return tokens.slice(1).join(' ');
  for (let i = 0; i < tokens.length - 1; i++) {
    if (SHELLS.has(basename(tokens[i] ?? '')) && isShellFlag(tokens[i + 1])) return tokens.slice(i + 2).join(' ');
  }
  return tokens.join(' ');
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function basename(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash >= 0 ? word.slice(slash + 1) : word;
}

/**
 * True for a path that looks like a log: a `log`/`logs` segment (`/var/log/…`, `/logs/…`), a `.log`
 * file (rotated `.log.1` too), stdout/stderr captures. A data file followed with `tail -f`
 * (`/data/${POD}`, a bucket's object) is no log: nothing rotates it, and its reader ships no logs.
 */
export function looksLikeLog(path: string): boolean {
  return /(?:^|[/._-])(?:logs?|stdout|stderr)(?=$|[/._*\d-])|\.log(?=$|[.*\d])/i.test(path);
}

/** Paths that are devices or kernel views (`/dev/null`, `/proc/1/fd/1`), never files another container writes. */
export function isSpecialPath(path: string): boolean {
  return /^\/(?:dev|proc|sys)(?:\/|$)/.test(path);
}

const TAIL_FOLLOW = /(?:^|[\s;&|(])tail\s+(?:[^;&|\n]*\s)?(-[a-zA-Z0-9+]*[fF][a-zA-Z0-9+]*|--follow(?:=\w+)?)(?=\s|$)/;
const TAIL_FOLLOW_ALL = new RegExp(TAIL_FOLLOW.source, 'gd');

export interface TailFollow {
  /** The follow option as written: `-f`, `-F`, `-n+1f`, `--follow=name`. */
  readonly flag: string;
  /** Offset of the flag in the script. */
  readonly flagStart: number;
  /** Offset where the `tail` word starts, and where its command ends (next `;`, `&`, `|`, newline). */
  readonly start: number;
  readonly end: number;
  /** True for `-F` / `--follow=name`: follows the file name across rotation. */
  readonly byName: boolean;
  /** The file operands (quotes removed; redirections left out). */
  readonly files: readonly string[];
}

/** Options of tail that take a separate value (`-n 100`). */
const TAIL_VALUE_OPTIONS = new Set(['-n', '-c', '-s', '--lines', '--bytes', '--sleep-interval', '--pid', '--max-unchanged-stats']);

/** Every `tail` in the script that follows its files (`-f`, `-F`, `--follow`), with its operands. */
export function tailFollowsIn(script: string): TailFollow[] {
  const found: TailFollow[] = [];
  for (const match of script.matchAll(TAIL_FOLLOW_ALL)) {
    const flag = match[1] ?? '';
    const flagStart = match.indices?.[1]?.[0] ?? match.index;
    const start = script.indexOf('tail', match.index);
    const rest = /^[^;&|\n]*/.exec(script.slice(start))?.[0] ?? '';
    const words = rest.split(/\s+/).slice(1).filter((word) => word !== '');
    const files: string[] = [];
    let byName = false;
    for (let i = 0; i < words.length; i++) {
      const word = words[i] ?? '';
      if (/[<>]/.test(word)) break;
      if (word === '--follow=name' || (/^-[a-zA-Z0-9+]+$/.test(word) && word.includes('F'))) byName = true;
      if (TAIL_VALUE_OPTIONS.has(word)) i++;
      else if (!word.startsWith('-') || word === '-') files.push(word.replace(/^["']|["']$/g, ''));
    }
    found.push({ flag, flagStart, start, end: start + rest.length, byName, files });
  }
  return found;
}

/** Why this script keeps running forever, or undefined. */
export function longRunningScript(script: string): Verdict | undefined {
  const tail = TAIL_FOLLOW.exec(script);
  if (tail) return { reason: `it runs "tail ${tail[1]}", which follows a file forever` };
  if (/(?:^|[\s;&|(])sleep\s+(?:infinity|inf)\b/.test(script)) return { reason: 'it runs "sleep infinity"' };
  // `until true` ends at once: only `while <true>` and `until false` loop forever.
  const loop = /\b(?:while\s+(?:true|:|\[\s*1\s*\]|\(\(\s*1\s*\)\)|\[\s*true\s*\])|until\s+false)\s*[;\n]?\s*do\b/.exec(script);
  if (loop && !/\b(?:break|exit)\b/.test(script.slice(loop.index))) return { reason: 'it loops forever ("while true" with no exit)' };
  if (/\binotifywait\b[^;&|\n]*\s(?:-m|--monitor)\b/.test(script)) return { reason: 'it runs "inotifywait -m", which watches forever' };
  return undefined;
}

/** Words that, as the command of every step of a script, make the whole script finish on its own. */
const ONE_SHOT_VERBS = new Set([
  'cp', 'mv', 'rm', 'mkdir', 'chmod', 'chown', 'chgrp', 'ln', 'touch', 'tar', 'unzip', 'gunzip', 'gzip',
  'wget', 'curl', 'sed', 'envsubst', 'install', 'openssl', 'update-ca-certificates', 'sysctl',
  'migrate', 'flyway', 'liquibase', 'dbmate', 'goose', 'alembic', 'exit', 'echo', 'printf', 'true',
]);
/** Words that do nothing by themselves; a script made only of these is not "setup". */
const NEUTRAL_VERBS = new Set(['cd', 'set', 'export', 'test', '[', '[[', 'echo', 'printf', 'true', ':']);
const GIT_ONE_SHOT = new Set(['clone', 'fetch', 'checkout', 'pull', 'config', 'init', 'submodule', 'lfs']);
const KUBECTL_ONE_SHOT = new Set(['apply', 'create', 'patch', 'label', 'annotate', 'delete', 'replace']);
const LOOP_KEYWORDS = /(?:^|[\s;&|(])(?:while|until|for)\s/;

/** Why this script clearly finishes on its own, or undefined. */
export function oneShotScript(script: string): Verdict | undefined {
  const text = script.trim();
  if (text === '' || LOOP_KEYWORDS.test(text) || longRunningScript(text)) return undefined;
  const steps = text
    .split(/;|&&|\|\||\||\n/)
    .map((step) => step.trim())
    .filter((step) => step !== '' && !step.startsWith('#'));
  const verbs: string[] = [];
  for (const step of steps) {
    const words = step.split(/\s+/).filter((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
    while (words[0] === 'exec' || words[0] === 'command' || words[0] === 'sudo') words.shift();
    const verb = basename(words[0] ?? '');
    if (verb === '') continue;
    if (/migrat/.test(step) && !/\b(?:serve|server|watch|daemon)\b/.test(step)) {
      verbs.push('migrate');
      continue;
    }
    if (verb === 'git' && GIT_ONE_SHOT.has(words[1] ?? '')) verbs.push(`git ${words[1]}`);
    else if (verb === 'kubectl' && KUBECTL_ONE_SHOT.has(words[1] ?? '')) verbs.push(`kubectl ${words[1]}`);
    else if (verb === 'rsync' && !step.includes('--daemon')) verbs.push('rsync');
    else if (ONE_SHOT_VERBS.has(verb) || NEUTRAL_VERBS.has(verb)) verbs.push(verb);
    else return undefined;
  }
  const work = verbs.filter((verb) => !NEUTRAL_VERBS.has(verb));
  const exits = verbs.includes('exit');
  if (work.length === 0 && !exits) return undefined;
  const shown = [...new Set(work.length > 0 ? work : verbs)].slice(0, 3).join(', ');
  return { reason: `its command only runs ${shown} and then exits` };
}

const PARK = /^(?:exec\s+)?(?:sleep\s+(?:infinity|inf|\d{5,})|tail\s+-f\s+\/dev\/null)$/;
/** `…; while true; do sleep 3600; done` (or `until false`, `while :`) at the end of a script: a loop that only sleeps. */
const PARK_LOOP = /(?:;|&&|\n)\s*((?:while\s+(?:true|:|\[\s*1\s*\])|until\s+false)\s*;?\s*do\s+sleep\s+[\w.]+\s*;?\s*done)\s*;?\s*$/;

/**
 * One-shot setup followed by a command that only keeps the container alive (`…; sleep infinity`,
 * `… && tail -f /dev/null`): a setup step pretending to be a long-running container. Returns the
 * setup's verdict and the parking command, or undefined.
 */
export function setupThenPark(script: string): { readonly setup: string; readonly park: string } | undefined {
  // An endless loop that only sleeps parks the container as `sleep infinity` does.
  const loop = PARK_LOOP.exec(script);
  if (loop !== null) {
    const setup = oneShotScript(script.slice(0, loop.index));
    return setup ? { setup: setup.reason.replace(/ and then exits$/, ''), park: (loop[1] ?? '').trim() } : undefined;
  }
  const steps = script
    .split(/;|&&|\n/)
    .map((step) => step.trim())
    .filter((step) => step !== '' && !step.startsWith('#'));
  const last = steps[steps.length - 1];
  if (steps.length < 2 || last === undefined || !PARK.test(last)) return undefined;
  const setup = oneShotScript(steps.slice(0, -1).join('; '));
  return setup ? { setup: setup.reason.replace(/ and then exits$/, ''), park: last } : undefined;
}
