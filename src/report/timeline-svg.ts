/**
 * A pod's timeline as inline SVG for the HTML report: the same rows, zones, bars and marks as the
 * terminal's (`timeline-layout.ts`), drawn with classes the report's stylesheet colours, and every
 * name from the manifest escaped as text. Findings are numbered badges that link to their entry.
 */
import type { Finding } from '../types.js';
import { escapeHtml } from './html-escape.js';
import type { Mark, Segment, Timeline } from './timeline-layout.js';

const ROW = 26;
const TOP = 40;
const LEFT = 8;
const NAME = 176;
const BADGES = 76;
const BAR = 12;
const NOTES = 320;

interface Geometry {
  readonly init: number;
  readonly run: number;
  readonly stop: number;
  readonly x0: number;
}

function geometryOf(timeline: Timeline): Geometry {
  const steps = timeline.lifecycle.initSteps;
  const init = steps === 0 ? 0 : Math.min(280, Math.max(36, steps * 44));
  const stop = timeline.completes ? 0 : 240;
  const run = timeline.completes ? 420 : 300;
  return { init, run, stop, x0: LEFT + NAME + BADGES };
}

function zoneStart(zone: Segment['zone'], g: Geometry): number {
  return zone === 'init' ? g.x0 : zone === 'run' ? g.x0 + g.init : g.x0 + g.init + g.run;
}

function x(zone: Segment['zone'], at: number, g: Geometry, timeline: Timeline): number {
  const steps = Math.max(1, timeline.lifecycle.initSteps);
  const within = zone === 'init' ? (at / steps) * g.init : zone === 'run' ? at * g.run : (Math.min(at, timeline.stopSeconds) / timeline.stopSeconds) * g.stop;
  return Math.round((zoneStart(zone, g) + within) * 10) / 10;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function markSvg(mark: Mark, cx: number, cy: number): string {
  switch (mark.kind) {
    case 'exit':
      return `<rect class="mark-exit" x="${cx - 4}" y="${cy - 4}" width="8" height="8"/>`;
    case 'gone':
      return `<rect class="mark-gone" x="${cx - 1}" y="${cy - 8}" width="2" height="16"/>`;
    case 'kill':
      return `<path class="mark-kill" d="M${cx - 5} ${cy - 5}L${cx + 5} ${cy + 5}M${cx + 5} ${cy - 5}L${cx - 5} ${cy + 5}"/>`;
    case 'never':
      return `<path class="mark-never" d="M${cx - 2} ${cy - 7}L${cx + 8} ${cy}L${cx - 2} ${cy + 7}Z"/>`;
    case 'restart':
      return `<circle class="mark-restart" cx="${cx}" cy="${cy}" r="5"/>`;
    default:
      return '';
  }
}

/** The SVG of one pod; `anchor` gives each finding's element id, for the badges to link to. */
export function timelineSvg(timeline: Timeline, anchor: (finding: Finding) => string, number: (finding: Finding) => number): string {
  const g = geometryOf(timeline);
  const rows = timeline.rows;
  const width = g.x0 + g.init + g.run + g.stop + 12 + NOTES;
  const height = TOP + rows.length * ROW + 12;
  const parts: string[] = [];
  const label = `${timeline.pod.object.kind}/${timeline.pod.object.name}`;
  parts.push(`<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Timeline of ${escapeHtml(label)}">`);
  parts.push(`<title>Timeline of ${escapeHtml(label)}</title>`);
  // Zones: backgrounds and titles.
  const zones: [Segment['zone'], number, string][] = [
    ['init', g.init, 'init'],
    ['run', g.run, timeline.completes ? 'running → completes' : 'running'],
    ['stop', g.stop, 'shutdown'],
  ];
  for (const [zone, zoneWidth, title] of zones) {
    if (zoneWidth === 0) continue;
    const left = zoneStart(zone, g);
    parts.push(`<rect class="zone zone-${zone}" x="${left}" y="${TOP - 8}" width="${zoneWidth}" height="${rows.length * ROW + 8}"/>`);
    parts.push(`<text class="zone-title" x="${left + 4}" y="14">${escapeHtml(title)}</text>`);
  }
  const steps = timeline.lifecycle.initSteps;
  for (let step = 1; step <= steps && g.init > 0; step++) {
    parts.push(`<text class="tick" x="${x('init', step - 0.5, g, timeline)}" y="${TOP - 12}" text-anchor="middle">${step}</text>`);
  }
  if (g.stop > 0) {
    const grace = timeline.lifecycle.shutdown.graceSeconds;
    const graceX = x('stop', grace, g, timeline);
    parts.push(`<text class="tick" x="${zoneStart('stop', g) + 4}" y="${TOP - 12}">0s</text>`);
    parts.push(`<text class="tick kill" x="${graceX}" y="${TOP - 12}" text-anchor="end">SIGKILL ${grace}s</text>`);
    parts.push(`<line class="grace" x1="${graceX}" y1="${TOP - 8}" x2="${graceX}" y2="${TOP + rows.length * ROW}"/>`);
  }
  rows.forEach((row, index) => {
    const top = TOP + index * ROW;
    const cy = top + ROW / 2;
    const info = row.entry.info;
    parts.push(`<g class="row row-${row.entry.role}${info.injected !== undefined ? ' injected' : ''}">`);
    parts.push(`<text class="name" x="${LEFT}" y="${cy + 4}">${escapeHtml(clip(info.name, 24))}<title>${escapeHtml(`${info.name} (${row.notes[0] ?? ''})`)}</title></text>`);
    // Numbered badges, each a link to its finding: three at most, then how many more.
    let bx = LEFT + NAME;
    for (const finding of row.findings.slice(0, 3)) {
      const text = String(number(finding));
      const pill = 8 + text.length * 6;
      parts.push(`<a href="#${anchor(finding)}"><rect class="badge badge-${finding.severity}" x="${bx}" y="${cy - 7}" width="${pill}" height="14" rx="7"/><text class="badge-text" x="${bx + pill / 2}" y="${cy + 3.5}" text-anchor="middle">${text}</text><title>${escapeHtml(`${finding.ruleId}: ${finding.message}`)}</title></a>`);
      bx += pill + 3;
    }
    if (row.findings.length > 3) parts.push(`<text class="tick" x="${bx}" y="${cy + 4}">+${row.findings.length - 3}</text>`);
    for (const segment of row.segments) {
      const from = x(segment.zone, segment.from, g, timeline);
      const to = Math.max(from + 3, x(segment.zone, segment.to, g, timeline));
      parts.push(`<rect class="seg seg-${segment.kind}" x="${from}" y="${cy - BAR / 2}" width="${Math.round((to - from) * 10) / 10}" height="${BAR}" rx="2"/>`);
    }
    for (const mark of row.marks) parts.push(markSvg(mark, x(mark.zone, mark.at, g, timeline), cy));
    const notesX = g.x0 + g.init + g.run + g.stop + 12;
    parts.push(`<text class="notes" x="${notesX}" y="${cy + 4}">${escapeHtml(clip(row.notes.join(' · '), 52))}<title>${escapeHtml(row.notes.join(' · '))}</title></text>`);
    parts.push('</g>');
  });
  parts.push('</svg>');
  return parts.join('');
}
