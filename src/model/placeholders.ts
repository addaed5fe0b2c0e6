/**
 * Placeholders: values that stand for something to fill in, not values someone meant — a template
 * value that survived (`{{ .Values.port }}`, `${PORT}`, `__PORT__`, helm's `<no value>`) or a
 * documentation placeholder (`<YOUR-APPLICATION-NAME>`, `<ADD LUN ID Here>`). A file that holds
 * them is a template to fill in; each placeholder is reported once per file, by whichever error rule
 * meets it first (`engine/collapse.ts`; docs/precision.md).
 */

const PLACEHOLDER = /\{\{.*\}\}|^<[^<>]+>$|\$\{[^}]+\}|^__[A-Z0-9_]+__$|<no value>/;

/** The value itself when it is a placeholder string, else undefined. */
export function placeholderIn(value: unknown): string | undefined {
  return typeof value === 'string' && PLACEHOLDER.test(value) ? value : undefined;
}
