/**
 * Rule listings: the `--list-rules` table, and the README rule list, generated from rule metadata
 * between two markers:
 *   <!-- rules:start --> … <!-- rules:end -->
 * `npm run docs` rewrites it; test/readme.test.ts fails when it drifts.
 */
import { presetSeverity } from '../config/presets.js';
import type { AnyRule } from '../engine/rule.js';
import { escapeForTerminal } from '../report/terminal-escape.js';

export const RULES_START = '<!-- rules:start -->';
export const RULES_END = '<!-- rules:end -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The Markdown table: id linked to its page, default and strict severity, version-aware, description. */
export function renderRuleTable(rules: readonly AnyRule[]): string {
  const rows = [...rules]
    .sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0))
    .map(({ meta }) =>
      [
        `[\`${meta.id}\`](${meta.docs})`,
        presetSeverity(meta, 'recommended'),
        presetSeverity(meta, 'strict'),
        meta.versionAware ? 'yes' : 'no',
        cell(meta.description),
      ].join(' | '),
    );
  return ['| Rule | Default | Strict | Version-aware | Description |', '| --- | --- | --- | --- | --- |', ...rows.map((row) => `| ${row} |`)].join('\n');
}

/** The README with the text between the markers replaced by the table; throws when a marker is missing. */
export function replaceRuleList(readme: string, rules: readonly AnyRule[]): string {
  const start = readme.indexOf(RULES_START);
  const end = readme.indexOf(RULES_END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`README.md needs the markers ${RULES_START} and ${RULES_END}, in that order, around the rule list`);
  }
  return `${readme.slice(0, start + RULES_START.length)}\n${renderRuleTable(rules)}\n${readme.slice(end)}`;
}

/**
 * One row per rule: id, configured severity (after preset and config), version-aware yes/no,
 * description. Plugin and policy metadata comes from config files: escaped for the terminal.
 */
export function listRules(rules: readonly AnyRule[], severities: ReadonlyMap<string, string>): string {
  const rows = [
    ['RULE', 'SEVERITY', 'VERSION-AWARE', 'DESCRIPTION'],
    ...rules.map((rule) => [rule.meta.id, severities.get(rule.meta.id) ?? 'off', rule.meta.versionAware ? 'yes' : 'no', rule.meta.description].map((cell) => escapeForTerminal(cell))),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return `${rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  ').trimEnd()).join('\n')}\n`;
}
