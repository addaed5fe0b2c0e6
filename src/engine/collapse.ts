/**
 * One finding per repeated placeholder: a rendered file where a template value survived
 * (`{{ .Values.port }}`, `<ADD LUN ID Here>`, `${PORT}`, `__PORT__`) gives the same `pod-spec-schema`
 * error at every place the value lands. The first one (in file order) is kept, with the count of the
 * others, and the others are dropped (docs/precision.md).
 */
import type { Finding } from '../types.js';

/** A value that is a template placeholder, not a value someone meant. */
const PLACEHOLDER = /\{\{.*\}\}|^<[^<>]+>$|\$\{[^}]+\}|^__[A-Z0-9_]+__$|<no value>/;

/** The quoted value a schema message rejects: `… not the string "{{ .Values.port }}"`. */
function placeholderOf(finding: Finding): string | undefined {
  if (finding.ruleId !== 'pod-spec-schema') return undefined;
  const value = /not the string "((?:[^"\\]|\\.)*)"/.exec(finding.message)?.[1];
  return value !== undefined && PLACEHOLDER.test(value) ? value : undefined;
}

/** `findings` in file order, with repeats of one placeholder folded into its first finding. */
export function collapsePlaceholders(findings: readonly Finding[]): Finding[] {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    const value = placeholderOf(finding);
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const finding of findings) {
    const value = placeholderOf(finding);
    const count = value === undefined ? 1 : (counts.get(value) ?? 1);
    if (value === undefined || count === 1) {
      out.push(finding);
      continue;
    }
    if (seen.has(value)) continue;
    seen.add(value);
    const others = count - 1;
    out.push({
      ...finding,
      message: `${finding.message} The same placeholder "${value}" is rejected ${others} more time${others === 1 ? '' : 's'} in this file (not reported again): render the file before linting it.`,
    });
  }
  return out;
}
