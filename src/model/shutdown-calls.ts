/**
 * The calls a Job's main container makes to stop a classic sidecar when its work is done — the
 * pattern from before native sidecars: `…; curl -X POST localhost:15020/quitquitquit` — and whether
 * such a call runs at all. It runs when it is a command of its own: after `;`, `&&`, `||`, a newline
 * or a shell keyword, or inside `trap '…' EXIT`. It never runs when it became arguments of the
 * command before it: YAML's folded block scalar (`>`) joins lines with spaces, so
 * `./run-job.sh⏎curl … /quitquitquit` is one command, `./run-job.sh` with four more arguments.
 *
 * The endpoints, from each vendor's code:
 * - Istio: pilot-agent's status port, `POST localhost:15020/quitquitquit`, local callers only
 *   (istio/istio pilot/cmd/pilot-agent/status/server.go, quitquitquit handler);
 * - Envoy's admin interface `POST /quitquitquit` (Envoy docs, "Administration interface";
 *   Istio's Envoy admin is localhost:15000, App Mesh's 9901);
 * - the Cloud SQL Auth Proxy with `--quitquitquit`, `POST localhost:9091/quitquitquit`;
 * - Linkerd's admin server `POST localhost:4191/shutdown` (when enabled: src/model/injectors/linkerd.ts);
 * - Dapr's `POST localhost:3500/v1.0/shutdown` (dapr/dapr#5006).
 */
import { basename } from './shell.js';

export interface ShutdownCall {
  /** The URL as written: `http://localhost:15020/quitquitquit`. */
  readonly url: string;
  /** Products whose process the call stops (`Helper.product` values). */
  readonly stops: readonly string[];
  /** What it stops, for messages: `Envoy-based proxy`. */
  readonly target: string;
  /** True when the call is a command of its own (or a trap's). */
  readonly runs: boolean;
  /** When it does not run: the command whose arguments it became (`./run-job.sh`). */
  readonly argumentOf?: string;
}

const LOCAL = String.raw`(?:https?:\/\/)?(?:localhost|127\.0\.0\.1|\[::1\])(?::(\d+))?`;
const ENDPOINTS: readonly { readonly path: RegExp; readonly target: string; readonly stops: (port: number | undefined) => readonly string[] }[] = [
  { path: new RegExp(`${LOCAL}\\/quitquitquit\\b`), target: 'Envoy-based proxy', stops: () => ['Istio proxy', 'Envoy', 'Cloud SQL Auth Proxy', 'AWS App Mesh'] },
  { path: new RegExp(`${LOCAL}\\/shutdown\\b`), target: 'Linkerd proxy', stops: (port) => (port === undefined || port === 4191 ? ['Linkerd proxy'] : []) },
  { path: new RegExp(`${LOCAL}\\/v1\\.0\\/shutdown\\b`), target: 'Dapr sidecar', stops: () => ['Dapr'] },
];

/** Commands that run their arguments as a command (`timeout 60 curl …`) or a script (`trap '…' EXIT`). */
const RUNS_ARGUMENTS = new Set(['exec', 'command', 'env', 'nice', 'nohup', 'sudo', 'time', 'timeout', 'busybox', 'xargs', 'trap', 'eval', 'sh', 'bash', 'ash', 'dash', 'zsh', 'retry']);
const HTTP_CLIENTS = new Set(['curl', 'wget', 'http', 'https', 'httpie', 'fetch']);
/** Words after which the next word is a command. */
const KEYWORDS = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{', '(']);

interface Word {
  readonly text: string;
  /** True when the word begins a simple command (after a separator or a keyword). */
  readonly commandStart: boolean;
}

/** The script's words, quotes removed, each marked when it starts a simple command. */
function wordsOf(script: string): Word[] {
  const words: Word[] = [];
  let current = '';
  let inWord = false;
  let quote: string | undefined;
  let start = true;
  const end = (): void => {
    if (!inWord) return;
    words.push({ text: current, commandStart: start });
    start = KEYWORDS.has(current);
    current = '';
    inWord = false;
  };
  for (let i = 0; i < script.length; i++) {
    const char = script[i] ?? '';
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < script.length) current += script[++i];
      else current += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
      continue;
    }
    if (char === '\\' && i + 1 < script.length) {
      // A backslash before a newline continues the line; before anything else it escapes it.
      const next = script[++i] ?? '';
      if (next !== '\n') {
        current += next;
        inWord = true;
      }
      continue;
    }
    if (/[;&|\n()]/.test(char)) {
      end();
      start = true;
      continue;
    }
    if (/\s/.test(char)) {
      end();
      continue;
    }
    if (char === '#' && !inWord) {
      // A comment runs to the end of the line.
      const newline = script.indexOf('\n', i);
      i = newline < 0 ? script.length : newline - 1;
      continue;
    }
    current += char;
    inWord = true;
  }
  end();
  return words;
}

/** Every shutdown call in a container's script (`commandScript`), with whether it runs. */
export function shutdownCalls(script: string): ShutdownCall[] {
  if (!/quitquitquit|shutdown/.test(script)) return [];
  const calls: ShutdownCall[] = [];
  for (const words of simpleCommands(wordsOf(script))) {
    // Variable assignments before the command word are not it.
    const first = words.findIndex((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
    if (first < 0) continue;
    const written = words[first] ?? '';
    const command = basename(written);
    words.forEach((word, index) => {
      if (index <= first) return;
      const found = endpointIn(word);
      if (found === undefined) return;
      if (HTTP_CLIENTS.has(command) || RUNS_ARGUMENTS.has(command)) {
        calls.push({ ...found, runs: true });
        return;
      }
      // The HTTP client that makes the call became an argument: after the command's own arguments
      // it is the next line of a folded block (`./migrate.sh --all curl …`). Right after the command
      // (`./retry.sh curl …`) it may be a wrapper that runs it: no verdict.
      const client = words.slice(first + 1, index).findIndex((other) => HTTP_CLIENTS.has(basename(other)));
      if (client >= 1) calls.push({ ...found, runs: false, argumentOf: written });
    });
  }
  return calls;
}

/** The endpoint a word calls, or undefined. */
function endpointIn(word: string): Omit<ShutdownCall, 'runs' | 'argumentOf'> | undefined {
  for (const endpoint of ENDPOINTS) {
    const match = endpoint.path.exec(word);
    if (match === null) continue;
    const stops = endpoint.stops(match[1] === undefined ? undefined : Number(match[1]));
    if (stops.length > 0) return { url: match[0], stops, target: endpoint.target };
  }
  return undefined;
}

/** The words grouped by simple command. */
function simpleCommands(words: readonly Word[]): string[][] {
  const commands: string[][] = [];
  for (const word of words) {
    if (word.commandStart || commands.length === 0) commands.push([]);
    commands[commands.length - 1]?.push(word.text);
  }
  return commands;
}
