/**
 * `sidecar-lint explain [options] [path...]`: each pod of the given files as it will run, with the
 * containers the enabled injector profiles add where their webhooks put them. Text: a timeline per
 * pod; `--format yaml`: the objects as admission leaves them (a YAML stream, like `istioctl
 * kube-inject -f`); `--format json`: the same as a `v1` List. Takes the lint run's settings: the
 * config, `--injector`, `--kube-version`, namespaces, charts and kustomizations, stdin.
 */
import { explainSource, joinFindings } from '../engine/explain.js';
import type { ExplainedPod } from '../engine/explain.js';
import { lintPaths } from '../engine/lint.js';
import { formatExplainJson, formatExplainYaml } from '../report/explain-objects.js';
import { formatTimelines } from '../report/timeline-text.js';
import { escapeForTerminal } from '../report/terminal-escape.js';
import { maxFileSizeFrom, parseArguments, UsageError } from './options.js';
import { setUp } from './run-setup.js';
import type { SetUpIO } from './run-setup.js';
import { problemText } from '../load/read-problem.js';

export interface ExplainIO extends SetUpIO {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  readonly stderr: { write(text: string): unknown };
}

export const EXPLAIN_FORMATS = ['text', 'yaml', 'json'] as const;

/** Options of a lint run that mean nothing to explain: refused, rather than silently ignored. */
const LINT_ONLY = ['fix', 'fix-dry-run', 'fix-type', 'fix-rule', 'list-rules', 'print-config', 'sarif-output', 'sarif-category', 'html-output', 'max-warnings', 'quiet', 'report-unused-suppressions', 'lsp', 'stdio'] as const;

export function explainHelp(): string {
  return `Usage: sidecar-lint explain [options] [path...]

Show each pod of the manifests as it will run: init containers, native and classic
sidecars, app containers and what the enabled injector profiles add, in start order;
shutdown against terminationGracePeriodSeconds; what keeps a Job from completing;
shared volumes and ports; and the pod's findings where they bite.

Options:
  -f, --format <name>      text (a timeline per pod, the default), yaml (the objects as
                           admission leaves them, a YAML stream), json (the same, a v1 List)
  -o, --output-file <file> Write to a file instead of stdout
      --injector <name[@version]>
                           Inject as this injector does: istio, linkerd, vault, dapr,
                           opentelemetry, appmesh; repeatable
  -c, --config <file>      Use this config file instead of the nearest one
      --kube-version <x.y> Target Kubernetes version (default: 1.35)
      --color, --no-color  Force colour and box characters on or off (default: on for a
                           terminal, off with NO_COLOR; FORCE_COLOR forces them on)
      --helm, --kustomize, --values, --stdin-filename, --max-file-size, --rule
                           As for a lint run (sidecar-lint --help)

Exit codes: 0 shown, 2 usage, config or read problem (findings do not change it).
`;
}

export async function runExplain(argv: readonly string[], io: ExplainIO, moduleUrl: URL, write: (file: string, text: string) => void): Promise<number> {
  const { values, positionals } = parseArguments(argv);
  if (values.help) {
    io.stdout.write(explainHelp());
    return 0;
  }
  for (const name of LINT_ONLY) {
    const given: unknown = values[name];
    if (given !== undefined && given !== false) throw new UsageError(`--${name} is an option of a lint run, not of explain.`, 'Run sidecar-lint explain --help for its options.');
  }
  const format = values.format;
  if (!(EXPLAIN_FORMATS as readonly string[]).includes(format)) throw new UsageError(`explain has no format "${format}": use one of ${EXPLAIN_FORMATS.join(', ')}`);
  const maxFileSizeMb = maxFileSizeFrom(values['max-file-size']);
  const { config, engine, isolate } = await setUp(values, io, maxFileSizeMb, moduleUrl);
  if (positionals.length === 0) positionals.push('.');
  const pods: ExplainedPod[] = [];
  const run = await lintPaths(positionals, {
    ...engine,
    ...(isolate !== undefined ? { isolate } : {}),
    onSource: (source, _text, injection) => pods.push(...explainSource(source, { kubernetesVersion: config.kubernetesVersion, injection })),
  });
  for (const notice of run.notices) io.stderr.write(`sidecar-lint: ${escapeForTerminal(notice)}\n`);
  for (const problem of run.problems) io.stderr.write(`sidecar-lint: ${escapeForTerminal(problemText(problem))}\n`);
  const explained = joinFindings(pods, run.results);
  const toFile = values['output-file'] !== undefined;
  const terminal = !toFile && io.stdout.isTTY === true;
  const forced = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0' && io.env.FORCE_COLOR !== 'false';
  const color = values.color ?? (!values['no-color'] && (forced || (terminal && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === ''))));
  let output: string;
  if (format === 'yaml') output = formatExplainYaml(explained);
  else if (format === 'json') output = formatExplainJson(explained);
  else output = formatTimelines(explained, { color, unicode: color, ...(terminal && io.stdout.columns !== undefined && io.stdout.columns > 0 ? { width: io.stdout.columns } : {}), kubernetesVersion: config.kubernetesVersion, cwd: io.cwd });
  if (toFile) write(values['output-file']!, output);
  else io.stdout.write(output);
  return run.problems.length > 0 ? 2 : 0;
}
