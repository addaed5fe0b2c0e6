/**
 * The GitHub Action's job summary (Markdown for `$GITHUB_STEP_SUMMARY`), made from the SARIF log the
 * run wrote: the counts, the most severe findings as a table (errors first) with each place linked to
 * the file at the commit, the read problems, and where the SARIF and HTML reports are. Text from the
 * manifests is escaped for Markdown and HTML: it cannot make a link, a table cell or a tag.
 */
import type { Log, Result } from 'sarif';
import { escapeForTerminal } from './terminal-escape.js';

export interface SummaryOptions {
  /** `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_SHA`: for links to the files at the commit. */
  readonly server?: string;
  readonly repository?: string;
  readonly sha?: string;
  /** The report files the run wrote, as the workflow names them. */
  readonly sarif?: string;
  readonly html?: string;
  /** How many findings the table shows (default 20). */
  readonly rows?: number;
}

/**
 * Text for a table cell: what Markdown or HTML would act on inside a line (emphasis, code, links,
 * tags, cell borders, strike-through, mentions) as character references; line breaks as spaces.
 */
export function escapeMarkdown(text: string): string {
  return escapeForTerminal(text.replace(/\r?\n/g, ' ')).replace(/[\\`*_[\]<>|&~@]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Links only where GitHub's own values make a URL of the repository, for a relative path without `..`. */
function fileLink(uri: string, line: number | undefined, options: SummaryOptions): string | undefined {
  const { server, repository, sha } = options;
  if (server === undefined || repository === undefined || sha === undefined) return undefined;
  if (!/^https:\/\/[\w.-]+(?::\d+)?$/.test(server) || !/^[\w.-]+\/[\w.-]+$/.test(repository) || !/^[0-9a-f]{7,64}$/.test(sha)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.split('/').includes('..') || uri.startsWith('/')) return undefined;
  const path = uri.split('/').map(encodeURIComponent).join('/');
  return `${server}/${repository}/blob/${sha}/${path}${line !== undefined ? `#L${line}` : ''}`;
}

function placeOf(result: Result): { uri: string; line?: number; column?: number } | undefined {
  const location = result.locations?.[0]?.physicalLocation;
  const uri = location?.artifactLocation?.uri;
  if (uri === undefined) return undefined;
  return { uri, ...(location?.region?.startLine !== undefined ? { line: location.region.startLine } : {}), ...(location?.region?.startColumn !== undefined ? { column: location.region.startColumn } : {}) };
}

export function formatStepSummary(log: Log, options: SummaryOptions = {}): string {
  const run = log.runs[0];
  const results = run?.results ?? [];
  const errors = results.filter((result) => result.level === 'error').length;
  const warnings = results.length - errors;
  const files = new Set(results.map((result) => placeOf(result)?.uri).filter((uri) => uri !== undefined)).size;
  const rules = new Map((run?.tool.driver.rules ?? []).map((rule) => [rule.id, rule] as const));
  const lines: string[] = [];
  const verdict = errors > 0 ? '❌' : warnings > 0 ? '⚠️' : '✅';
  lines.push(`### ${verdict} sidecar-lint: ${results.length === 0 ? 'no problems' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}`}`);
  lines.push('');
  const notices = (run?.invocations ?? []).flatMap((invocation) => invocation.toolExecutionNotifications ?? []);
  if (notices.length > 0) {
    lines.push('**Not linted:**', '');
    for (const notice of notices) lines.push(`- ${escapeMarkdown(notice.message.text ?? '')}`);
    lines.push('');
  }
  if (results.length > 0) {
    const limit = options.rows ?? 20;
    const ordered = [...results].sort((a, b) => (a.level === 'error' ? 0 : 1) - (b.level === 'error' ? 0 : 1));
    lines.push('| | Rule | Where | Problem |', '| --- | --- | --- | --- |');
    for (const result of ordered.slice(0, limit)) {
      const place = placeOf(result);
      const where = place === undefined ? '' : `${place.uri}:${place.line ?? 1}${place.column !== undefined ? `:${place.column}` : ''}`;
      const link = place === undefined ? undefined : fileLink(place.uri, place.line, options);
      const rule = rules.get(result.ruleId ?? '');
      const help = rule?.helpUri !== undefined && /^https:\/\//.test(rule.helpUri) ? rule.helpUri : undefined;
      const id = escapeMarkdown(result.ruleId ?? '');
      lines.push(`| ${result.level === 'error' ? '❌ error' : '⚠️ warning'} | ${help !== undefined ? `[${id}](${help})` : id} | ${link !== undefined ? `[${escapeMarkdown(where)}](${link})` : escapeMarkdown(where)} | ${escapeMarkdown(result.message.text ?? '')} |`);
    }
    if (results.length > limit) lines.push('', `…and ${plural(results.length - limit, 'more finding')}: see the reports below.`);
    lines.push('');
  }
  const reports: string[] = [];
  if (options.sarif !== undefined) reports.push(`SARIF \`${options.sarif.replace(/`/g, '')}\` (for code scanning: github/codeql-action/upload-sarif)`);
  if (options.html !== undefined) reports.push(`HTML \`${options.html.replace(/`/g, '')}\` (a page with a timeline per pod: actions/upload-artifact)`);
  if (reports.length > 0) lines.push(`Reports: ${reports.join('; ')}.`, '');
  return `${lines.join('\n')}\n`;
}
