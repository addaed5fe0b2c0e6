/**
 * The command line's words: the options it accepts, its help text, and the checks of option values
 * that need nothing but the arguments (a bad one is a usage error, exit 2).
 */
import { parseArgs } from 'node:util';
import type { AnyRule } from '../engine/rule.js';
import { FIX_TYPES } from '../fix/fix-text.js';
import { DEFAULT_MAX_FILE_SIZE_MB } from '../load/read-input.js';
import { FORMATS } from '../report/formats.js';
import type { FixFilter } from '../fix/fix-text.js';
import { docsUri, packageInfo } from '../report/package-info.js';
import type { FixType } from '../types.js';
import { didYouMean } from '../config/did-you-mean.js';

const OPTIONS = {
  format: { type: 'string', short: 'f', default: 'text' },
  config: { type: 'string', short: 'c' },
  'output-file': { type: 'string', short: 'o' },
  'sarif-category': { type: 'string' },
  'sarif-output': { type: 'string' },
  'html-output': { type: 'string' },
  'kube-version': { type: 'string' },
  injector: { type: 'string', multiple: true },
  'max-warnings': { type: 'string' },
  'max-file-size': { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'list-rules': { type: 'boolean', default: false },
  'print-config': { type: 'string' },
  'report-unused-suppressions': { type: 'boolean', default: false },
  fix: { type: 'boolean', default: false },
  'fix-dry-run': { type: 'boolean', default: false },
  'fix-type': { type: 'string', multiple: true },
  rule: { type: 'string', multiple: true },
  helm: { type: 'string' },
  kustomize: { type: 'string' },
  values: { type: 'string', multiple: true },
  'stdin-filename': { type: 'string' },
  'fix-rule': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
  // The language server (src/lsp/); `--stdio` is what LSP clients add for that transport.
  lsp: { type: 'boolean', default: false },
  stdio: { type: 'boolean', default: false },
} as const;

export function help(): string {
  const { homepage } = packageInfo();
  const editorsPage = docsUri(homepage, 'docs/editors.md');
  return `Usage: sidecar-lint [options] [path...]

Lint Kubernetes manifests for sidecar-container mistakes. Paths are files or
folders (searched for *.yaml, *.yml, *.json; default: .); use - to read stdin:
  helm template my-chart | sidecar-lint --stdin-filename my-chart -
Folders with a Chart.yaml are rendered with helm template, folders with a
kustomization.yaml with kustomize, and findings point at the template or patch.

Options:
  -f, --format <name>      Output format: ${Object.keys(FORMATS).join(', ')} (default: text)
                           text: grouped by file; compact: one file:line:col line per finding;
                           sarif: SARIF 2.1.0 for code scanning; github: workflow-command annotations;
                           html: one self-contained page with a timeline per pod
  -o, --output-file <file> Write the report to a file instead of stdout
      --sarif-output <file>
                           Also write the report as SARIF to this file (one run, two reports)
      --html-output <file>
                           Also write the report as HTML to this file
      --sarif-category <id>
                           SARIF automationDetails.id, to upload several runs for one commit
  -c, --config <file>      Use this config file instead of the nearest one
                           (.sidecar-lint.yaml, .sidecar-lint.json, package.json)
      --kube-version <x.y> Target Kubernetes version (default: 1.35)
      --injector <name[@version]>
                           Lint pods as this injector will inject them: istio, linkerd,
                           vault, dapr, opentelemetry, appmesh (istio@1.27); repeatable
      --max-warnings <n>   Exit 1 when there are more than n warnings
      --max-file-size <MB> Refuse (report, not lint) files larger than this (default: ${DEFAULT_MAX_FILE_SIZE_MB})
  -q, --quiet              Report errors only
      --color, --no-color  Force colour on or off (default: on for a terminal, off with NO_COLOR)
      --list-rules         List the rules with their configured severity, whether they
                           depend on the Kubernetes version, and their description
      --report-unused-suppressions
                           Warn about ignore annotations and sidecar-lint-disable
                           comments that suppressed nothing (rule id unused-suppression)
      --print-config [file]
                           Print the effective configuration for a file (default: .), with
                           the ignore entries that apply and whether it is skipped (JSON)
      --fix                Apply automatic fixes to the files, then report what remains
                           (with - the fixed document goes to stdout, the report to stderr)
      --fix-dry-run        Print the fixes as a unified diff, write nothing (report to stderr)
      --fix-type <types>   Fix only these kinds: edit (a field in place), move (a container
                           to initContainers); comma-separated or repeated
      --fix-rule <ids>     Fix only findings of these rules; comma-separated or repeated
      --rule '<id>: <severity>'
                           Set a rule's severity for this run (off, warn/warning, error,
                           0/1/2, or '[error, {options}]'); repeatable
      --helm <path>        The helm binary for chart folders (default: helm on PATH)
      --kustomize <path>   kustomize or kubectl for kustomization folders
                           (default: kustomize on PATH, else kubectl kustomize)
      --values <file>      A Helm values file for every chart; may repeat
      --stdin-filename <path>
                           Name stdin for output, config matching and SARIF; for rendered
                           stdin, where its # Source: and origin paths start
      --lsp                Run as a language server on stdin/stdout${editorsPage !== undefined ? `
                           (set-up for editors: ${editorsPage})` : ''}
  -h, --help               Show this help
  -v, --version            Show the version

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage, config or internal failure.
${homepage !== '' ? `Documentation: ${homepage}\n` : ''}`;
}

/** A mistake on the command line; `hint` is a line of our own printed after the (escaped) message. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export const USAGE_HINT = 'Run sidecar-lint --help for usage.';

/** `--print-config` with no file after it (last, or before another option) means the config for `.`. */
function withPrintConfigDefault(argv: readonly string[]): string[] {
  const args = [...argv];
  const end = args.indexOf('--');
  for (let index = 0; index < (end < 0 ? args.length : end); index++) {
    const next = args[index + 1];
    if (args[index] === '--print-config' && (next === undefined || next === '--' || (next.startsWith('-') && next !== '-'))) args.splice(index + 1, 0, '.');
  }
  return args;
}

export function parseArguments(argv: readonly string[]) {
  try {
    return parseArgs({ args: withPrintConfigDefault(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message, USAGE_HINT);
  }
}

function listOf(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return values.flatMap((value) => value.split(',')).map((item) => item.trim()).filter((item) => item !== '');
}

export function fixFilter(ruleIds: readonly string[] | undefined, types: readonly string[] | undefined, rules: readonly AnyRule[]): FixFilter {
  const filter: { rules?: Set<string>; types?: Set<FixType> } = {};
  const idList = listOf(ruleIds);
  if (idList !== undefined) {
    for (const id of idList) {
      const rule = rules.find((candidate) => candidate.meta.id === id);
      const fixable = rules.filter((candidate) => candidate.meta.fixable).map((candidate) => candidate.meta.id);
      if (!rule) throw new UsageError(`--fix-rule ${id}: no such rule${didYouMean(id, fixable)}. Run sidecar-lint --list-rules to see them.`);
      if (!rule.meta.fixable) throw new UsageError(`--fix-rule ${id}: this rule has no automatic fix.`);
    }
    filter.rules = new Set(idList);
  }
  const typeList = listOf(types);
  if (typeList !== undefined) {
    for (const type of typeList) {
      if (!(FIX_TYPES as readonly string[]).includes(type)) throw new UsageError(`--fix-type ${type}: use one of ${FIX_TYPES.join(', ')}.`);
    }
    filter.types = new Set(typeList as FixType[]);
  }
  return filter;
}

/** `--max-file-size MB`: a number of megabytes > 0, or undefined when the option is not given. */
export function maxFileSizeFrom(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const megabytes = Number(value);
  if (!Number.isFinite(megabytes) || megabytes <= 0) throw new UsageError(`--max-file-size needs a number of megabytes > 0, got "${value}"`);
  return megabytes;
}

/** `SIDECAR_LINT_WORKERS=0` lints on one thread, `=N` uses N worker threads; unset: automatic. */
export function workersFrom(value: string | undefined): number | 'auto' {
  if (value === undefined || value === '') return 'auto';
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) throw new UsageError(`SIDECAR_LINT_WORKERS needs a whole number ≥ 0, got "${value}"`);
  return count;
}

/** `SIDECAR_LINT_RULE_TIMEOUT=S`: the config's `ruleTimeoutSeconds` for this run; unset: the config's. */
export function ruleTimeoutFrom(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86400) throw new UsageError(`SIDECAR_LINT_RULE_TIMEOUT needs a number of seconds > 0 (at most 86400), got "${value}"`);
  return seconds;
}
