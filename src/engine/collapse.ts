/**
 * One finding per repeated placeholder: a file where a template value survived (`{{ .Values.port }}`,
 * `<ADD LUN ID Here>`, `${PORT}`, `__PORT__`) or a documentation placeholder stands
 * (`<YOUR-APPLICATION-NAME>`) gives the same error wherever the value lands, and sometimes two rules'
 * errors on one line. Rules mark such findings with the placeholder (`Report.placeholder`); the
 * first one in file order is kept, with the count of the others, and the others are dropped,
 * whichever rule reported them (docs/precision.md).
 */
import type { Finding } from '../types.js';

/** `findings` in file order, with repeats of one placeholder folded into its first finding. */
export function collapsePlaceholders(findings: readonly Finding[], placeholders: ReadonlyMap<Finding, string>): Finding[] {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    const value = placeholders.get(finding);
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const finding of findings) {
    const value = placeholders.get(finding);
    const count = value === undefined ? 1 : (counts.get(value) ?? 1);
    if (value === undefined || count === 1) {
      out.push(finding);
      continue;
    }
    if (seen.has(value)) continue;
    seen.add(value);
    const others = count - 1;
    const remedy = /\{\{|<no value>/.test(value) ? 'render the file before linting it' : 'fill in the placeholders before applying it';
    out.push({
      ...finding,
      message: `${finding.message} The same placeholder "${value}" is rejected ${others} more time${others === 1 ? '' : 's'} in this file (not reported again): ${remedy}.`,
    });
  }
  return out;
}
