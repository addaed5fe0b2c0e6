/**
 * A rule's help for SARIF: its Markdown page (`meta.docs`, relative to the package root) as
 * Markdown and as plain text. When the page is missing the description stands in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleMeta } from '../engine/rule.js';

export interface RuleHelp {
  readonly text: string;
  readonly markdown: string;
  /** The page's "What it checks" section as plain text, when the page has one. */
  readonly fullDescription?: string;
}

export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Markdown → readable plain text: no heading marks, emphasis, code ticks or link targets. */
export function markdownToText(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !/^```/.test(line))
    .map((line) =>
      line
        .replace(/^#{1,6}\s+/, '')
        .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/`([^`]*)`/g, '$1')
        .replace(/(\*\*|__)(.*?)\1/g, '$2'),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function section(markdown: string, heading: string): string | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start < 0) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^##?\s/.test(line));
  const body = (end < 0 ? rest : rest.slice(0, end)).join('\n').trim();
  return body === '' ? undefined : body;
}

/** Relative links (`[x](other-rule.md)`) resolved against the page's own URL, so they work where the help is shown. */
function absoluteLinks(markdown: string, pageUrl: string | undefined): string {
  if (pageUrl === undefined) return markdown;
  return markdown.replace(/\]\(([^)\s]+)\)/g, (whole, target: string) => {
    if (/^([a-z][a-z\d+.-]*:|#)/i.test(target)) return whole;
    try {
      return `](${new URL(target, pageUrl).href})`;
    } catch {
      return whole;
    }
  });
}

/**
 * `meta.docs` is read under `packageRoot` when it is a path; a URL (plugin rules, policies) or a
 * missing page gives the description instead. `pageUrl` is where the page is published.
 */
export function readRuleHelp(meta: RuleMeta, packageRoot: string, pageUrl?: string): RuleHelp {
  const fallback = sentence(meta.description);
  if (/^[a-z][a-z\d+.-]*:/i.test(meta.docs)) return { text: fallback, markdown: fallback };
  let page: string;
  try {
    page = readFileSync(join(packageRoot, meta.docs), 'utf8').replace(/\r\n/g, '\n');
  } catch {
    return { text: fallback, markdown: fallback };
  }
  // The page's own `# <id>` title would repeat what the viewer already shows.
  const markdown = absoluteLinks(page.replace(/^#\s[^\n]*\n+/, '').trim(), pageUrl);
  const checks = section(page, 'What it checks');
  return {
    text: markdownToText(markdown),
    markdown,
    ...(checks !== undefined ? { fullDescription: markdownToText(checks) } : {}),
  };
}
