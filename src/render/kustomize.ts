/**
 * Kustomize on an overlay folder, asked where each object came from: a temporary kustomization
 * wraps the user's folder (by a relative path: Kustomize refuses absolute ones) with
 * `buildMetadata: [originAnnotations]`, so every object carries `config.kubernetes.io/origin`.
 * Runs `kustomize build` when that is the binary (given, or on PATH), else `kubectl kustomize`.
 */
import { rm, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { Rendered } from './helm.js';
import type { RenderSettings } from './settings.js';
import { DEFAULT_MAX_FILE_SIZE_MB } from '../load/read-input.js';
import { temporaryFolder } from '../load/temporary-folder.js';
import { limitsOf, stoppedMessage, tooLargeMessage } from './limits.js';
import { onPath, runTool } from './tool.js';

function command(settings: RenderSettings): { binary: string; args: string[] } {
  const given = settings.kustomize;
  if (given !== undefined) return { binary: given, args: basename(given).startsWith('kubectl') ? ['kustomize'] : ['build'] };
  if (onPath('kustomize', settings.env) !== undefined) return { binary: 'kustomize', args: ['build'] };
  return { binary: 'kubectl', args: ['kustomize'] };
}

/**
 * Kustomize's message without kubectl's log prefix (`E1202 … run.go:72] "command failed" err="…"`)
 * and without the wrapper's own layer (`accumulating resources from '../tmp…' … recursed
 * accumulation of path '…': `), which names a folder the user never made.
 */
export function kustomizeMessage(stderr: string): string {
  let message = stderr.trim().replace(/^Error: /, '');
  const logged = /err="((?:[^"\\]|\\.)*)"\s*$/.exec(message);
  if (logged) message = (logged[1] ?? '').replace(/\\(.)/g, '$1');
  return message.replace(/^accumulating resources: accumulation err='accumulating resources from '[^']*': '[^']*' must resolve to a file': recursed accumulation of path '[^']*': /, '');
}

export async function renderKustomization(dir: string, shown: string, settings: RenderSettings): Promise<Rendered & { readonly wrapper?: string }> {
  const { binary, args } = command(settings);
  const made = await temporaryFolder('sidecar-lint-kustomize-');
  if ('problem' in made) return { kind: 'failed', message: `Kustomization not rendered: ${made.problem}.` };
  const wrapper = made.path;
  try {
    const text = `resources:\n  - ${JSON.stringify(relative(wrapper, dir))}\nbuildMetadata: [originAnnotations]\n`;
    await writeFile(join(wrapper, 'kustomization.yaml'), text);
    const limits = limitsOf(settings, settings.allowRemote === true);
    const outcome = await runTool(binary, [...args, '--', wrapper], settings.env, settings.cwd, limits);
    const run = `${basename(binary)} ${args[0]} ${shown}`;
    if (outcome.kind === 'stopped') return { kind: 'failed', message: stoppedMessage('Kustomization', run, outcome, limits) };
    if (outcome.kind === 'missing') {
      return {
        kind: 'missing',
        message: `Kustomization not rendered: ${binary} is not installed (not on PATH). Install kubectl or kustomize, or give --kustomize PATH, or run \`kubectl kustomize ${shown} | sidecar-lint -\`.`,
      };
    }
    if (outcome.kind === 'failed') return { kind: 'failed', message: `${run} failed: ${kustomizeMessage(outcome.stderr)}` };
    const tooLarge = tooLargeMessage('Kustomization', run, outcome.stdout, settings.maxFileSizeMb ?? DEFAULT_MAX_FILE_SIZE_MB);
    return tooLarge !== undefined ? { kind: 'failed', message: tooLarge } : { kind: 'text', text: outcome.stdout, command: run, wrapper };
  } finally {
    await rm(wrapper, { recursive: true, force: true });
  }
}
