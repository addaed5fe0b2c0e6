/**
 * Text from manifests, configs and file names as HTML text or attribute values: `&`, `<`, `>`, `"`
 * and `'` become character references, so a container named `<img src=x onerror=…>` stays text.
 * Characters a terminal would act on are shown visibly too (`terminal-escape.ts`): in a page they do
 * nothing, but they reorder what a reader sees (bidi controls) or hide (zero widths).
 */
import { escapeForTerminal } from './terminal-escape.js';

const REFERENCES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return escapeForTerminal(text).replace(/[&<>"']/g, (char) => REFERENCES[char] ?? char);
}
