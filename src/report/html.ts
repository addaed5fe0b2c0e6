/**
 * `--format html`: one self-contained page a reviewer opens from a CI artifact. A summary (counts by
 * severity and rule, files checked), a timeline per pod as inline SVG (`timeline-svg.ts`) with its
 * shutdown, shared volumes, ports and findings, then the findings grouped by file with the source
 * lines around each and a link to the rule's page. No script, no network: a Content-Security-Policy
 * forbids both, and everything from the manifests is escaped.
 */
import type { FileResult, Finding } from '../types.js';
import type { Formatter, FormatterContext } from './formatter.js';
import { escapeHtml } from './html-escape.js';
import { plural } from './summary.js';
import { docsUri, packageInfo } from './package-info.js';
import { timelineOf } from './timeline-layout.js';
import type { Timeline } from './timeline-layout.js';
import { timelineSvg } from './timeline-svg.js';
import { problemText } from '../load/read-problem.js';

const STYLE = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2330;--muted:#5d6778;--line:#dde1e8;--error:#c62828;--warning:#b26a00;--init:#3b6fd8;--sidecar:#1f9d6b;--app:#334155;--classic:#9b4dca;--prestop:#e0a100;--drain:#13a3b8;--forever:#c62828;--zone:#eef1f5;--mark:#1d2330;--code:#f3f4f7;--hl:#fff3c4}
@media (prefers-color-scheme:dark){:root{--bg:#12151b;--card:#1b2029;--ink:#e6e9ef;--muted:#9aa3b2;--line:#2c3340;--zone:#222935;--app:#c3cad6;--mark:#e6e9ef;--code:#151a22;--hl:#3a3415}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1320px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 12px}h3{font-size:15px;margin:0}
a{color:inherit}.muted{color:var(--muted)}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px;min-width:140px}
.card .n{font-size:26px;font-weight:600}.card.error .n{color:var(--error)}.card.warning .n{color:var(--warning)}
table{border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:6px 12px;border-bottom:1px solid var(--line)}th{font-weight:600;color:var(--muted)}
.sev{display:inline-block;min-width:62px;font-size:12px;font-weight:600;text-transform:uppercase}.sev.error{color:var(--error)}.sev.warning{color:var(--warning)}
.pod{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px;margin:0 0 16px}
.pod header{display:flex;gap:12px;align-items:baseline;flex-wrap:wrap}.pod .src{color:var(--muted);font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
.pod .inj{margin:6px 0 0;color:var(--muted)}.verdict{font-weight:600;margin:8px 0}.verdict.bad{color:var(--error)}
.chart{overflow-x:auto;margin:12px 0}
svg.timeline{max-width:100%;height:auto;font:12px system-ui,sans-serif}
svg .zone{fill:var(--zone)}svg .zone-title{fill:var(--muted);font-weight:600}svg .tick{fill:var(--muted);font-size:11px}svg .tick.kill{fill:var(--error)}
svg .grace{stroke:var(--error);stroke-dasharray:4 3}svg .name{fill:var(--ink)}svg .injected .name{fill:var(--drain)}svg .notes{fill:var(--muted)}
svg .seg-init{fill:var(--init)}svg .seg-sidecar{fill:var(--sidecar)}svg .seg-app{fill:var(--app)}svg .seg-classic{fill:var(--classic)}svg .seg-prestop{fill:var(--prestop)}svg .seg-drain{fill:var(--drain)}svg .seg-forever{fill:var(--forever)}
svg .mark-exit,svg .mark-gone{fill:var(--mark)}svg .mark-kill{stroke:var(--error);stroke-width:2.5}svg .mark-never{fill:var(--error)}svg .mark-restart{fill:none;stroke:var(--error);stroke-width:2}
svg .badge-error{fill:var(--error)}svg .badge-warning{fill:var(--warning)}svg a:hover .badge{opacity:.8}svg .badge-text{fill:#fff;font-size:10px;font-weight:700}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:12px;color:var(--muted)}.legend i{display:inline-block;width:18px;height:9px;border-radius:2px;margin-right:5px;vertical-align:middle}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:12px;margin:8px 0}.facts h4{margin:0 0 4px;font-size:13px}.facts ul{margin:0;padding-left:18px}
.findings{list-style:none;padding:0;margin:8px 0 0}.findings li{margin:4px 0}
.file{background:var(--card);border:1px solid var(--line);border-radius:8px;margin:0 0 12px}.file>summary{padding:10px 16px;cursor:pointer;font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
.finding{border-top:1px solid var(--line);padding:10px 16px}.finding .head{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}.finding .place{font-family:ui-monospace,monospace;color:var(--muted)}
.finding .rule{font-family:ui-monospace,monospace;font-size:12px}.finding p{margin:6px 0}
pre.source{background:var(--code);border-radius:6px;padding:8px 0;margin:6px 0 0;overflow-x:auto;font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace}
pre.source span{display:block;padding:0 12px;white-space:pre}pre.source .hit{background:var(--hl)}pre.source b{display:inline-block;width:48px;color:var(--muted);font-weight:400;user-select:none}
.problems{background:var(--card);border:1px solid var(--error);border-radius:8px;padding:10px 16px}
ul.rules{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:6px}
ul.rules li{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--warning);border-radius:6px;padding:5px 10px;display:flex;gap:10px;align-items:baseline}
ul.rules li.error{border-left-color:var(--error)}ul.rules .count{font-weight:700;min-width:24px;text-align:right}
`;

/** Which pages may be linked: https only (a policy's `docs:` could name any scheme). */
function ruleLink(context: FormatterContext, ruleId: string): string | undefined {
  const rule = context.rules.find((item) => item.meta.id === ruleId);
  if (rule === undefined) return undefined;
  const url = docsUri(packageInfo().homepage, rule.meta.docs);
  return url !== undefined && /^https:\/\//i.test(url) ? url : undefined;
}

function ruleHtml(context: FormatterContext, ruleId: string): string {
  const link = ruleLink(context, ruleId);
  return link === undefined ? `<span class="rule">${escapeHtml(ruleId)}</span>` : `<a class="rule" href="${escapeHtml(link)}">${escapeHtml(ruleId)}</a>`;
}

/** The lines around a finding, the finding's own marked. */
function sourceHtml(text: string | undefined, finding: Finding): string {
  if (text === undefined) return '';
  const lines = text.split(/\r?\n/);
  const line = finding.region.start.line;
  if (line < 1 || line > lines.length) return '';
  const from = Math.max(1, line - 2);
  const to = Math.min(lines.length, finding.region.end.line + 2, line + 6);
  const rows: string[] = [];
  for (let number = from; number <= to; number++) {
    const hit = number >= line && number <= Math.max(line, finding.region.end.line);
    rows.push(`<span${hit ? ' class="hit"' : ''}><b>${number}</b>${escapeHtml(clip(lines[number - 1] ?? '', 400))}</span>`);
  }
  return `<pre class="source">${rows.join('')}</pre>`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

const LEGEND: readonly [string, string][] = [
  ['init', 'init container'],
  ['sidecar', 'native sidecar'],
  ['app', 'app container'],
  ['classic', 'classic sidecar'],
  ['prestop', 'preStop hook'],
  ['drain', 'after SIGTERM (drain)'],
  ['forever', 'never exits'],
];

function podHtml(timeline: Timeline, index: number, anchor: (finding: Finding) => string, number: (finding: Finding) => number): string {
  const { pod, lifecycle } = timeline;
  const parts: string[] = [];
  parts.push(`<article class="pod" id="pod-${index + 1}"><header><h3>${escapeHtml(timeline.label)}</h3><span class="src">${escapeHtml(`${pod.filePath}:${pod.line}`)}</span></header>`);
  for (const line of timeline.injections) parts.push(`<p class="inj">${escapeHtml(line)}</p>`);
  parts.push(`<p class="muted">${escapeHtml(timeline.facts('·'))}</p>`);
  if (timeline.verdict !== undefined) parts.push(`<p class="verdict${timeline.verdict.bad ? ' bad' : ''}">${escapeHtml(timeline.verdict.text)}</p>`);
  parts.push(`<div class="chart">${timelineSvg(timeline, anchor, number)}</div>`);
  const used = new Set(timeline.rows.flatMap((row) => row.segments.map((segment) => segment.kind)));
  parts.push(`<div class="legend">${LEGEND.filter(([kind]) => used.has(kind as never)).map(([kind, text]) => `<span><i style="background:var(--${kind})"></i>${escapeHtml(text)}</span>`).join('')}</div>`);
  const facts: string[] = [];
  if (timeline.shutdownSteps.length > 0) facts.push(`<div><h4>Shutdown</h4><ul>${timeline.shutdownSteps.map((step) => `<li>${escapeHtml(step)}</li>`).join('')}</ul></div>`);
  const volumes = lifecycle.volumes.filter((use) => use.writers.length + use.readers.length > 1 || use.readers.length > 0);
  if (volumes.length > 0) {
    facts.push(`<div><h4>Shared volumes</h4><ul>${volumes.map((use) => `<li>${escapeHtml(`${use.name} (${use.kind}): ${use.writers.length > 0 ? `${use.writers.map((info) => info.name).join(', ')} write${use.writers.length === 1 ? 's' : ''}` : 'nobody writes'}${use.readers.length > 0 ? ` → ${use.readers.map((info) => info.name).join(', ')} read${use.readers.length === 1 ? 's' : ''}` : ''}`)}</li>`).join('')}</ul></div>`);
  }
  if (lifecycle.ports.length > 0) {
    facts.push(`<div><h4>Ports</h4><ul>${lifecycle.ports.map((use) => `<li>${escapeHtml(`${use.port}${use.protocol !== 'TCP' ? `/${use.protocol}` : ''} ${use.container !== undefined ? use.container.name : ''}${use.owner !== undefined ? ` (${use.owner.label}: ${use.owner.what})` : use.name !== undefined ? ` (${use.name})` : ''}`)}</li>`).join('')}</ul></div>`);
  }
  if (facts.length > 0) parts.push(`<div class="facts">${facts.join('')}</div>`);
  if (pod.findings.length > 0) {
    parts.push(`<ol class="findings">${pod.findings.map((finding) => `<li><span class="sev ${finding.severity}">${number(finding)}. ${finding.severity}</span> <a href="#${anchor(finding)}">${escapeHtml(`${finding.filePath}:${finding.region.start.line}:${finding.region.start.column}`)}</a> ${escapeHtml(finding.ruleId)}</li>`).join('')}</ol>`);
  }
  parts.push('</article>');
  return parts.join('');
}

export const formatHtml: Formatter = (results: readonly FileResult[], context: FormatterContext): string => {
  const findings = results.flatMap((result) => result.findings);
  const numbers = new Map(findings.map((finding, index) => [finding, index + 1] as const));
  const number = (finding: Finding) => numbers.get(finding) ?? 0;
  const anchor = (finding: Finding) => (numbers.has(finding) ? `finding-${number(finding)}` : 'findings');
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.length - errors;
  const withFindings = results.filter((result) => result.findings.length > 0);
  const byRule = new Map<string, { count: number; severity: string }>();
  for (const finding of findings) {
    const entry = byRule.get(finding.ruleId) ?? { count: 0, severity: finding.severity };
    byRule.set(finding.ruleId, { count: entry.count + 1, severity: entry.severity === 'error' || finding.severity === 'error' ? 'error' : 'warning' });
  }
  const pods = context.pods ?? [];
  const out: string[] = [];
  out.push('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  out.push(`<title>sidecar-lint report</title><style>${STYLE}</style></head><body><main>`);
  out.push(`<h1>sidecar-lint report</h1><p class="muted">${escapeHtml(`sidecar-lint ${context.toolVersion}${context.kubernetesVersion !== undefined ? ` · Kubernetes ${context.kubernetesVersion}` : ''} · ${plural(results.length, 'file')} checked`)}</p>`);
  out.push(`<div class="cards"><div class="card error"><div class="n">${errors}</div>${errors === 1 ? 'error' : 'errors'}</div><div class="card warning"><div class="n">${warnings}</div>${warnings === 1 ? 'warning' : 'warnings'}</div><div class="card"><div class="n">${withFindings.length}</div>of ${plural(results.length, 'file')} with problems</div><div class="card"><div class="n">${pods.length}</div>${pods.length === 1 ? 'pod' : 'pods'}</div></div>`);
  if ((context.problems ?? []).length > 0) out.push(`<div class="problems"><h3>Not read</h3><ul>${(context.problems ?? []).map((problem) => `<li>${escapeHtml(problemText(problem))}</li>`).join('')}</ul></div>`);
  if (byRule.size > 0) {
    const rows = [...byRule].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
    out.push(`<h2>By rule</h2><ul class="rules">${rows.map(([id, entry]) => `<li class="${entry.severity}"><span class="count">${entry.count}</span>${ruleHtml(context, id)}</li>`).join('')}</ul>`);
  }
  if (pods.length > 0) {
    out.push(`<h2 id="pods">Pods</h2>`);
    pods.forEach((pod, index) => out.push(podHtml(timelineOf(pod), index, anchor, number)));
  }
  out.push(`<h2 id="findings">Findings by file</h2>`);
  if (withFindings.length === 0) out.push('<p>No problems found.</p>');
  for (const result of withFindings) {
    const text = context.sourceText?.(result.filePath);
    out.push(`<details class="file" open><summary>${escapeHtml(result.filePath)} <span class="muted">(${plural(result.findings.length, 'problem')})</span></summary>`);
    for (const finding of result.findings) {
      out.push(`<div class="finding" id="${anchor(finding)}"><div class="head"><span class="sev ${finding.severity}">${number(finding)}. ${finding.severity}</span><span class="place">${finding.region.start.line}:${finding.region.start.column}</span>${ruleHtml(context, finding.ruleId)}</div><p>${escapeHtml(finding.message)}</p>${sourceHtml(text, finding)}</div>`);
    }
    out.push('</details>');
  }
  out.push('</main></body></html>\n');
  return out.join('\n');
};
