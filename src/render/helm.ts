/**
 * `helm template` on a chart folder: the rendered text, or why there is none (helm's own message,
 * and where it points: `Error: template: web/templates/x.yaml:12:20: …` names a template and line).
 */
import { join } from 'node:path';
import { DEFAULT_MAX_FILE_SIZE_MB } from '../load/read-input.js';
import { linksOutOf } from './chart-links.js';
import { limitsOf, stoppedMessage, tooLargeMessage } from './limits.js';
import type { HelmSettings, RenderSettings } from './settings.js';
import { runTool } from './tool.js';

export type Rendered =
  | { readonly kind: 'text'; readonly text: string; readonly command: string }
  | { readonly kind: 'failed'; readonly message: string; readonly file?: string; readonly line?: number; readonly column?: number }
  | { readonly kind: 'missing'; readonly message: string };

/**
 * `helm template`'s arguments: every flag with its value in one argument (`--values=FILE`), then
 * `--`, then the release name and the chart, so that no value is ever read as a flag.
 */
export function helmArgs(chartDir: string, helm: HelmSettings = {}): string[] {
  const args = ['template'];
  if (helm.namespace !== undefined) args.push(`--namespace=${helm.namespace}`);
  if (helm.kubeVersion !== undefined) args.push(`--kube-version=${helm.kubeVersion}`);
  for (const file of helm.values ?? []) args.push(`--values=${file}`);
  for (const [key, value] of Object.entries(helm.set ?? {})) args.push(`--set=${key}=${String(value)}`);
  return [...args, '--', helm.releaseName ?? 'release-name', chartDir];
}

/** `web/templates/deployment.yaml` → that file in the chart folder (the first segment is the chart's name). */
export function templateFile(chartDir: string, source: string): string {
  return join(chartDir, source.split('/').slice(1).join('/'));
}

const TEMPLATE_ERROR = /template: ([^\s:]+):(\d+):(\d+)/;
const EXECUTION_ERROR = /error at \(([^\s:()]+):(\d+):(\d+)\)/;
const PARSE_ERROR = /parse error at \(([^\s:)]+):(\d+)\)/;

/** Why a chart is not given to helm at all: links in it that lead out (`chart-links.ts`). */
function refusedChart(chartDir: string): string | undefined {
  const links = linksOutOf(chartDir);
  if (links.length === 0) return undefined;
  const named = links.slice(0, 3).join(', ') + (links.length > 3 ? ` and ${links.length - 3} more` : '');
  const [what, reads] = links.length === 1 ? ['is a symbolic link that leads', 'the file it points'] : ['are symbolic links that lead', 'the files they point'];
  return `Chart not rendered: ${named} ${what} out of the chart, and helm would read ${reads} to: put a copy in the chart instead.`;
}

export async function renderChart(chartDir: string, shown: string, settings: RenderSettings): Promise<Rendered> {
  const refused = refusedChart(chartDir);
  if (refused !== undefined) return { kind: 'failed', message: refused };
  const binary = settings.helm?.binary ?? 'helm';
  const run = `helm template ${shown}`;
  const limits = limitsOf(settings);
  const outcome = await runTool(binary, helmArgs(chartDir, settings.helm), settings.env, settings.cwd, limits);
  if (outcome.kind === 'stopped') return { kind: 'failed', message: stoppedMessage('Chart', run, outcome, limits) };
  if (outcome.kind === 'missing') {
    return {
      kind: 'missing',
      message: `Chart not rendered: ${binary} is not installed (not on PATH). Install helm or give --helm PATH, or run \`helm template ${shown} | sidecar-lint -\`.`,
    };
  }
  if (outcome.kind === 'ok') {
    const tooLarge = tooLargeMessage('Chart', run, outcome.stdout, settings.maxFileSizeMb ?? DEFAULT_MAX_FILE_SIZE_MB);
    return tooLarge !== undefined ? { kind: 'failed', message: tooLarge } : { kind: 'text', text: outcome.stdout, command: run };
  }
  // Helm's first paragraph; the rest is advice about its own flags (`Use --debug flag …`).
  const message = (outcome.stderr.trim().split(/\n\s*\n/)[0] ?? '').replace(/^Error: /, '');
  const at = EXECUTION_ERROR.exec(message) ?? TEMPLATE_ERROR.exec(message) ?? PARSE_ERROR.exec(message);
  if (at) {
    const [, source = '', line = '1', column = '1'] = at;
    return { kind: 'failed', message: `helm template failed: ${message}`, file: templateFile(chartDir, source), line: Number(line), column: Number(column) };
  }
  return { kind: 'failed', message: `helm template failed: ${message}` };
}
