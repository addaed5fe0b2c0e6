/**
 * The limits of one renderer run (`render: {timeoutSeconds, maxOutputBytes}` in the config, with
 * defaults), the environment that keeps it off the network, and what a finding says when a run
 * was stopped at a limit or wrote more than `--max-file-size` lets be linted.
 */
import { DEFAULT_RENDER_MAX_OUTPUT_BYTES, DEFAULT_RENDER_TIMEOUT_SECONDS } from './settings.js';
import type { RenderSettings } from './settings.js';
import { memoryLimitOf } from './tool.js';
import type { ToolLimits, ToolOutcome } from './tool.js';

const MB = 1024 * 1024;

/**
 * A proxy that answers nobody, for HTTP(S) fetches, and no protocol for git: a renderer that tries
 * the network anyway fails at once instead of fetching or hanging. (Go and git skip a proxy for
 * localhost; remote resources are refused before any build, `remote.ts`.)
 */
const OFFLINE: Readonly<Record<string, string>> = {
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  http_proxy: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
  GIT_ALLOW_PROTOCOL: 'none',
};

export function limitsOf(settings: RenderSettings, network = false): ToolLimits {
  return {
    timeoutSeconds: settings.limits?.timeoutSeconds ?? DEFAULT_RENDER_TIMEOUT_SECONDS,
    maxOutputBytes: settings.limits?.maxOutputBytes ?? DEFAULT_RENDER_MAX_OUTPUT_BYTES,
    ...(network ? {} : { extraEnv: OFFLINE }),
  };
}

/** `32 MB`, `2.5 MB`, `12.3 kB`, `900 bytes`. */
function size(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  return bytes >= 1024 ? `${Number((bytes / 1024).toFixed(1))} kB` : `${bytes} bytes`;
}

/** `Chart not rendered: `helm template charts/web` did not finish within 60 s (…)`. */
export function stoppedMessage(what: 'Chart' | 'Kustomization', run: string, outcome: Extract<ToolOutcome, { kind: 'stopped' }>, limits: ToolLimits): string {
  const raise = outcome.limit === 'time' ? 'render.timeoutSeconds' : 'render.maxOutputBytes';
  const why =
    outcome.limit === 'time'
      ? `did not finish within ${limits.timeoutSeconds} s`
      : outcome.limit === 'output'
        ? `wrote more than ${size(limits.maxOutputBytes)}`
        : `used more than ${size(memoryLimitOf(limits))} of memory, more than ${size(limits.maxOutputBytes)} of output needs`;
  return `${what} not rendered: \`${run}\` ${why}, and was stopped (${raise} in the config raises the limit).`;
}

/** Rendered text above `--max-file-size`: what its finding says, or undefined when it is within. */
export function tooLargeMessage(what: 'Chart' | 'Kustomization', run: string, text: string, maxFileSizeMb: number): string | undefined {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxFileSizeMb * MB) return undefined;
  return `${what} not linted: \`${run}\` wrote ${size(bytes)}, more than ${maxFileSizeMb} MB (the --max-file-size limit). Raise the limit with --max-file-size <MB> if the machine has the memory (up to 100 times the size).`;
}
