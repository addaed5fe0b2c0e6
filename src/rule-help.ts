/**
 * A rule's help for SARIF: its Markdown page (`meta.docs`, relative to the package root) as
 * Markdown and as plain text. When the page is missing the description stands in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleMeta } from './rule.js';

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

export function readRuleHelp(meta: RuleMeta, packageRoot: string): RuleHelp {
  let page: string;
  try {
    page = readFileSync(join(packageRoot, meta.docs), 'utf8').replace(/\r\n/g, '\n');
  } catch {
    const fallback = sentence(meta.description);
    return { text: fallback, markdown: fallback };
  }
  // The page's own `# <id>` title would repeat what the viewer already shows.
  const markdown = page.replace(/^#\s[^\n]*\n+/, '').trim();
  const checks = section(page, 'What it checks');
  return {
    text: markdownToText(markdown),
    markdown,
    ...(checks !== undefined ? { fullDescription: markdownToText(checks) } : {}),
  };
}
