/** Formatter registry: each format is loaded only when asked for. */
import type { Formatter } from './formatter.js';

export const FORMATS = {
  text: async () => (await import('./text.js')).formatText,
  compact: async () => (await import('./compact.js')).formatCompact,
  json: async () => (await import('./json.js')).formatJson,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  github: async () => (await import('./github.js')).formatGithub,
  html: async () => (await import('./html.js')).formatHtml,
} satisfies Record<string, () => Promise<Formatter>>;

export type FormatName = keyof typeof FORMATS;

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATS, name);
}

export type { Formatter, FormatterContext } from './formatter.js';
