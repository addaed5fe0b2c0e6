/**
 * `explain`'s text: a timeline per pod. One row per container in start order, its bar across three
 * zones — the init steps, the running pod (a Job's completes there), shutdown up to the grace period —
 * with what the next container waits for, who injects it, and markers for the pod's findings, listed
 * under the chart with their place in the file. Then the shutdown in order, the Job's verdict, the
 * shared volumes (who writes, who reads) and the ports. Box characters and colours only where the CLI
 * says so (a terminal, FORCE_COLOR), plain ASCII otherwise; laid out for the width given (100 when
 * there is none); every name escaped.
 */
import type { ExplainedPod } from '../engine/explain.js';
import type { KubeVersion } from '../model/kube-version.js';
import type { Finding } from '../types.js';
import { escapeForTerminal } from './terminal-escape.js';
import { wrapLines } from './summary.js';
import { timelineOf } from './timeline-layout.js';
import type { Mark, Segment, SegmentKind, Timeline, TimelineRow } from './timeline-layout.js';

export interface TimelineOptions {
  readonly color: boolean;
  /** Box-drawing and block characters; plain ASCII without. */
  readonly unicode: boolean;
  /** Columns to lay out for (default 100). */
  readonly width?: number;
  readonly kubernetesVersion: KubeVersion;
  readonly cwd: string;
}

interface Glyphs {
  readonly fill: Readonly<Record<SegmentKind, string>>;
  readonly mark: Readonly<Record<Mark['kind'], string>>;
  readonly border: string;
  readonly grace: string;
  readonly error: string;
  readonly warning: string;
  readonly bullet: string;
}

const UNICODE: Glyphs = {
  fill: { init: '█', sidecar: '━', app: '━', classic: '━', prestop: '░', drain: '▒', forever: '━' },
  mark: { start: '', exit: '■', sigterm: '', gone: '┤', kill: '╳', never: '»', restart: '↺' },
  border: '│',
  grace: '┊',
  error: '✖',
  warning: '▲',
  bullet: '·',
};

const ASCII: Glyphs = {
  fill: { init: '#', sidecar: '=', app: '=', classic: '=', prestop: '~', drain: '-', forever: '=' },
  mark: { start: '', exit: '*', sigterm: '', gone: '|', kill: 'X', never: '>', restart: '@' },
  border: '|',
  grace: ':',
  error: 'E',
  warning: 'W',
  bullet: '-',
};

const COLORS: Readonly<Record<SegmentKind | 'kill' | 'error' | 'warning' | 'dim' | 'bold', string>> = {
  init: '34',
  sidecar: '32',
  app: '1',
  classic: '35',
  prestop: '33',
  drain: '36',
  forever: '31',
  kill: '31',
  error: '31',
  warning: '33',
  dim: '2',
  bold: '1',
};

/** Zone widths in characters. */
interface Columns {
  readonly name: number;
  readonly cell: number;
  readonly init: number;
  readonly run: number;
  readonly stop: number;
}

function paint(text: string, code: string | undefined, color: boolean): string {
  return color && code !== undefined && text.trim() !== '' ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Words wrapped at `width`, each line after the first indented by `indent` (within the width). */
function wrap(text: string, width: number, indent: string): string {
  const [first = '', ...rest] = wrapLines(text, width);
  return [first, ...wrapLines(rest.join(' '), width - indent.length).filter((line) => line !== '').map((line) => `${indent}${line}`)].join('\n');
}

function columnsFor(timeline: Timeline, width: number): Columns {
  const longest = Math.max(4, ...timeline.rows.map((row) => escapeForTerminal(row.entry.info.name).length));
  const name = Math.min(24, longest) + 1;
  // Indent, name, finding markers, borders and a space; then the bars; the notes take what is left (40 or so).
  const available = width - 2 - name - 5 - 4 - 1;
  const track = Math.max(24, Math.min(64, available - 40));
  const steps = timeline.lifecycle.initSteps;
  const cell = steps === 0 ? 0 : Math.max(2, Math.min(6, Math.floor((track * 0.3) / steps)));
  const stop = timeline.completes ? 0 : Math.max(12, Math.round(track * 0.35));
  const run = Math.max(10, track - steps * cell - stop);
  return { name, cell, init: steps * cell, run, stop };
}

/** The column of a zone position inside that zone (0-based). */
function columnIn(zone: Segment['zone'], at: number, columns: Columns, stopSeconds: number): number {
  if (zone === 'init') return Math.round(at * columns.cell);
  if (zone === 'run') return Math.round(at * columns.run);
  return Math.round((Math.min(at, stopSeconds) / stopSeconds) * columns.stop);
}

function zoneWidth(zone: Segment['zone'], columns: Columns): number {
  return zone === 'init' ? columns.init : zone === 'run' ? columns.run : columns.stop;
}

/** One zone of a row: its fill and marks, as painted characters. */
function drawZone(row: TimelineRow, zone: Segment['zone'], timeline: Timeline, columns: Columns, glyphs: Glyphs, color: boolean): string {
  const width = zoneWidth(zone, columns);
  const chars: { char: string; code?: string }[] = Array.from({ length: width }, () => ({ char: ' ' }));
  if (zone === 'stop') {
    const grace = columnIn('stop', timeline.lifecycle.shutdown.graceSeconds, columns, timeline.stopSeconds);
    if (grace < width) chars[grace] = { char: glyphs.grace, code: COLORS.dim };
  }
  for (const segment of row.segments.filter((item) => item.zone === zone)) {
    const from = columnIn(zone, segment.from, columns, timeline.stopSeconds);
    const to = Math.max(from + 1, columnIn(zone, segment.to, columns, timeline.stopSeconds));
    for (let column = from; column < Math.min(to, width); column++) chars[column] = { char: glyphs.fill[segment.kind], code: COLORS[segment.kind] };
  }
  for (const mark of row.marks.filter((item) => item.zone === zone)) {
    const glyph = glyphs.mark[mark.kind];
    if (glyph === '') continue;
    const column = Math.min(width - 1, Math.max(0, columnIn(zone, mark.at, columns, timeline.stopSeconds) - (mark.kind === 'never' ? 0 : 1)));
    if (column < 0) continue;
    const code = mark.kind === 'kill' || mark.kind === 'never' || mark.kind === 'restart' ? COLORS.kill : chars[column]?.code;
    chars[column] = { char: glyph, ...(code !== undefined ? { code } : {}) };
  }
  // Runs of one colour painted together.
  let out = '';
  let run = '';
  let code: string | undefined;
  for (const item of chars) {
    if (item.code !== code) {
      out += paint(run, code, color);
      run = '';
      code = item.code;
    }
    run += item.char;
  }
  return out + paint(run, code, color);
}

function severityMark(finding: Finding, glyphs: Glyphs): string {
  return finding.severity === 'error' ? glyphs.error : glyphs.warning;
}

function header(timeline: Timeline, columns: Columns, glyphs: Glyphs): string {
  const pad = ' '.repeat(2 + columns.name + 5);
  const zone = (label: string, width: number) => (width === 0 ? '' : `${glyphs.border}${clip(label, width).padEnd(width)}`);
  const steps = timeline.lifecycle.initSteps;
  const initLabel = steps === 0 ? '' : columns.init >= 5 ? 'init' : 'in';
  const runLabel = timeline.completes ? 'running, completes' : 'running';
  const grace = timeline.lifecycle.shutdown.graceSeconds;
  let stopLabel = '';
  if (columns.stop > 0) {
    const graceColumn = columnIn('stop', grace, columns, timeline.stopSeconds);
    const right = `${grace}s`;
    stopLabel = `${clip('stop 0s', Math.max(0, graceColumn - right.length - 1)).padEnd(Math.max(0, graceColumn - right.length + 1))}${right}`;
  }
  return `${pad}${zone(initLabel, columns.init)}${zone(runLabel, columns.run)}${zone(stopLabel, columns.stop)}${glyphs.border}`;
}

/** A finding's message without the object label every message starts with. */
function shortMessage(finding: Finding, label: string): string {
  const prefix = `${label}: `;
  return finding.message.startsWith(prefix) ? finding.message.slice(prefix.length) : finding.message;
}

function names(list: readonly { readonly name: string }[]): string {
  return list.map((info) => `"${info.name}"`).join(', ');
}

export function formatTimeline(timeline: Timeline, options: TimelineOptions): string {
  const width = options.width ?? 100;
  const glyphs = options.unicode ? UNICODE : ASCII;
  const { color } = options;
  const { pod, lifecycle } = timeline;
  const esc = (text: string) => escapeForTerminal(text);
  const columns = columnsFor(timeline, width);
  const lines: string[] = [];
  const label = esc(timeline.label);
  const place = esc(`${pod.filePath}:${pod.line}`);
  lines.push(`${paint(label, COLORS.bold, color)}${label.length + 2 + place.length <= width ? '  ' : '\n  '}${place}`);
  for (const line of timeline.injections) lines.push(`  ${wrap(esc(line), width - 2, '    ')}`);
  lines.push(`  ${wrap(esc(timeline.facts(glyphs.bullet)), width - 2, '    ')}`);
  lines.push('');
  lines.push(header(timeline, columns, glyphs));
  // Findings numbered in the order the rows show them, the pod's own after.
  const numbered = new Map<Finding, number>();
  for (const finding of [...timeline.rows.flatMap((row) => row.findings), ...timeline.podFindings]) if (!numbered.has(finding)) numbered.set(finding, numbered.size + 1);
  const notesWidth = width - (2 + columns.name + 5 + columns.init + columns.run + columns.stop + 4) - 1;
  for (const row of timeline.rows) {
    const name = esc(row.entry.info.name);
    const shown = paint(clip(name, columns.name).padEnd(columns.name), row.entry.info.injected !== undefined ? '36' : undefined, color);
    const gutter = gutterOf(row.findings, numbered, glyphs, color);
    const zones = (['init', 'run', 'stop'] as const).filter((zone) => zoneWidth(zone, columns) > 0).map((zone) => `${glyphs.border}${drawZone(row, zone, timeline, columns, glyphs, color)}`).join('');
    const notes = esc(row.notes.join(` ${glyphs.bullet} `));
    // Beside the bar when the notes fit there, else on the lines under it.
    const fits = notes.length <= notesWidth;
    lines.push(`  ${shown}${gutter}${zones}${glyphs.border}${fits ? ` ${paint(notes, COLORS.dim, color)}` : ''}`);
    if (!fits) lines.push(`${' '.repeat(4 + columns.name)}${paint(wrap(notes, width - 4 - columns.name, ' '.repeat(4 + columns.name)), COLORS.dim, color)}`);
  }
  lines.push(legend(timeline, glyphs, color));
  lines.push('');
  if (timeline.verdict !== undefined) {
    const { bad, text } = timeline.verdict;
    lines.push(bad ? `  ${paint(`${glyphs.error} ${wrap(esc(text), width - 4, '    ')}`, COLORS.error, color)}` : `  ${wrap(esc(text), width - 2, '  ')}`);
  }
  if (timeline.shutdownSteps.length > 0) {
    lines.push('  Shutdown:');
    for (const step of timeline.shutdownSteps) lines.push(`    ${wrap(esc(step), width - 4, '      ')}`);
  }
  const shared = lifecycle.volumes.filter((use) => use.writers.length + use.readers.length > 1 || use.readers.length > 0);
  if (shared.length > 0) {
    lines.push('  Volumes:');
    for (const use of shared) {
      const who = [use.writers.length > 0 ? `${names(use.writers)} write${use.writers.length === 1 ? 's' : ''}` : 'nobody writes', use.readers.length > 0 ? `${names(use.readers)} read${use.readers.length === 1 ? 's' : ''}` : ''].filter((part) => part !== '').join(options.unicode ? ' → ' : ' -> ');
      lines.push(`    ${wrap(esc(`${use.name} (${use.kind}${use.injected !== undefined ? `, ${use.injected}` : ''}): ${who}`), width - 4, '      ')}`);
    }
  }
  if (lifecycle.ports.length > 0) {
    lines.push('  Ports:');
    const byContainer = new Map<string, string[]>();
    for (const use of lifecycle.ports) {
      const key = use.container?.name ?? (use.owner !== undefined ? use.owner.label : '');
      const text = `${use.port}${use.protocol !== 'TCP' ? `/${use.protocol}` : ''}${use.owner !== undefined ? ` (${use.owner.what})` : use.name !== undefined ? ` ${use.name}` : ''}`;
      byContainer.set(key, [...(byContainer.get(key) ?? []), text]);
    }
    for (const [owner, ports] of byContainer) lines.push(`    ${wrap(esc(`"${owner}": ${ports.join(', ')}`), width - 4, '      ')}`);
  }
  if (numbered.size > 0) {
    lines.push('  Findings:');
    for (const [finding, number] of numbered) {
      const mark = paint(`${severityMark(finding, glyphs)}${number}`, finding.severity === 'error' ? COLORS.error : COLORS.warning, color);
      const where = finding.filePath === pod.filePath ? `${finding.region.start.line}:${finding.region.start.column}` : `${finding.filePath}:${finding.region.start.line}:${finding.region.start.column}`;
      lines.push(`    ${mark} ${wrap(esc(`${where} ${finding.ruleId}: ${shortMessage(finding, timeline.label)}`), width - 7, '       ')}`);
    }
  }
  return lines.join('\n');
}

/** The row's finding markers in five columns: `E1W2`, or the first and how many more (`E1+3`). */
function gutterOf(findings: readonly Finding[], numbered: ReadonlyMap<Finding, number>, glyphs: Glyphs, color: boolean): string {
  const label = (finding: Finding) => `${severityMark(finding, glyphs)}${numbered.get(finding)}`;
  const painted = (finding: Finding) => paint(label(finding), finding.severity === 'error' ? COLORS.error : COLORS.warning, color);
  const both = findings.slice(0, 2).map(label).join('');
  let text: string;
  let width: number;
  if (findings.length <= 2 && both.length <= 5) {
    text = findings.map(painted).join('');
    width = both.length;
  } else {
    const first = findings[0]!;
    const more = `+${findings.length - 1}`;
    text = `${painted(first)}${paint(more, COLORS.dim, color)}`;
    width = label(first).length + more.length;
  }
  return findings.length === 0 ? ' '.repeat(5) : `${text}${' '.repeat(Math.max(1, 5 - width))}`;
}

function legend(timeline: Timeline, glyphs: Glyphs, color: boolean): string {
  const used = new Set<string>();
  for (const row of timeline.rows) {
    for (const segment of row.segments) used.add(segment.kind);
    for (const mark of row.marks) used.add(mark.kind);
  }
  const parts: string[] = [];
  const add = (key: string, glyph: string, text: string, code?: string) => {
    if (used.has(key) && glyph !== '') parts.push(`${paint(glyph, code, color)} ${paint(text, COLORS.dim, color)}`);
  };
  add('init', glyphs.fill.init, 'init container', COLORS.init);
  if (used.has('sidecar') || used.has('app') || used.has('classic')) parts.push(`${glyphs.fill.app} ${paint('running', COLORS.dim, color)}`);
  add('prestop', glyphs.fill.prestop, 'preStop', COLORS.prestop);
  add('drain', glyphs.fill.drain, 'after SIGTERM', COLORS.drain);
  add('exit', glyphs.mark.exit, 'exits');
  add('gone', glyphs.mark.gone, 'stopped');
  add('kill', glyphs.mark.kill, 'SIGKILL', COLORS.kill);
  add('never', glyphs.mark.never, 'never exits', COLORS.kill);
  add('restart', glyphs.mark.restart, 'restarted', COLORS.kill);
  if (!timeline.completes) parts.push(`${paint(glyphs.grace, COLORS.dim, color)} ${paint('grace period', COLORS.dim, color)}`);
  return `  ${parts.join('  ')}`;
}

export function formatTimelines(pods: readonly ExplainedPod[], options: TimelineOptions): string {
  if (pods.length === 0) return 'No pods found.\n';
  return `${pods.map((pod) => formatTimeline(timelineOf(pod), options)).join('\n\n')}\n`;
}
