/**
 * "sidecar-lint: Show the rule's page": the pages of the sidecar-lint problems at the cursor. Each
 * diagnostic of the server carries its rule id as `code` and the page as its link (`target`).
 */

export interface PositionLike {
  readonly line: number;
  readonly character: number;
}

export interface DiagnosticLike {
  readonly source?: string;
  readonly range: { readonly start: PositionLike; readonly end: PositionLike };
  readonly code?: string | number | { readonly value: string | number; readonly target: { toString(): string } };
}

export interface RulePage {
  readonly ruleId: string;
  readonly url: string;
}

function before(a: PositionLike, b: PositionLike): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** One entry per rule among the sidecar-lint diagnostics whose range holds `position`, in their order. */
export function rulePagesAt(diagnostics: readonly DiagnosticLike[], position: PositionLike): RulePage[] {
  const pages = new Map<string, string>();
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== 'sidecar-lint' || typeof diagnostic.code !== 'object') continue;
    if (!before(diagnostic.range.start, position) || !before(position, diagnostic.range.end)) continue;
    const ruleId = String(diagnostic.code.value);
    if (!pages.has(ruleId)) pages.set(ruleId, diagnostic.code.target.toString());
  }
  return [...pages].map(([ruleId, url]) => ({ ruleId, url }));
}
