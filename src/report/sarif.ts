/**
 * SARIF 2.1.0 for GitHub code scanning and other consumers: one run; `tool.driver.rules` describes
 * every rule that ran (with its help page); each result points at the offending field with a
 * region (1-based lines, UTF-16 columns, end exclusive, exactly as findings carry them), names the
 * object and container as logical locations, and carries a line-independent fingerprint.
 *
 * Viewers (GitHub code scanning, IDEs) show message and description text to people, bidi controls
 * included, so those display strings are escaped as the text format escapes them (`\u202e`, `\x1b`).
 * Identifiers (logical location names, URIs, fingerprints) keep the exact values; in the file,
 * every terminal control is a JSON `\u` escape, so the log is safe to print.
 */
import type { Location, LogicalLocation, ReportingDescriptor, Result, Log, Run } from 'sarif';
import { FINGERPRINT_KEY, fingerprintsOf, objectIdentity } from './fingerprint.js';
import { docsUri, packageInfo } from './package-info.js';
import type { RuleMeta } from '../engine/rule.js';
import { readRuleHelp, sentence } from './rule-help.js';
import { findSourceRoot, pathToUriReference, rootRelativePath } from './source-root.js';
import type { Finding, RenderedAt, Severity } from '../types.js';
import type { Formatter } from './formatter.js';
import { escapeForTerminal, escapeJsonForTerminal } from './terminal-escape.js';
import { problemText } from '../load/read-problem.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

/** Loader and engine findings that are not rules, described so every result has a rule. */
const BUILTIN_DESCRIPTORS: Readonly<Record<string, { description: string; level: Severity; tags: readonly string[] }>> = {
  'parse-error': {
    description: 'Report files and YAML documents that cannot be read as YAML or JSON',
    level: 'error',
    tags: ['kubernetes', 'correctness'],
  },
  'render-error': {
    description: 'Report Helm charts and Kustomize folders that could not be rendered, or whose renderer is not installed',
    level: 'error',
    tags: ['kubernetes', 'tool'],
  },
  'unused-suppression': {
    description: 'Report ignore annotations and sidecar-lint-disable comments that suppressed nothing',
    level: 'warning',
    tags: ['kubernetes', 'maintainability'],
  },
  'internal-error': {
    description: 'Report a rule that failed on a pod spec, so its findings there are missing',
    level: 'error',
    tags: ['tool'],
  },
};


function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/** Heuristic rules (shell commands, images) are "high"; what the API server itself enforces is "very-high". */
function precisionOf(meta: RuleMeta): string {
  return meta.precision ?? (meta.tags?.includes('correctness') ? 'very-high' : 'high');
}

function ruleDescriptor(ruleMeta: RuleMeta, level: Severity, root: string, homepage: string): ReportingDescriptor {
  // A policy's or plugin's description comes from a config file, as untrusted as a manifest.
  const meta = { ...ruleMeta, description: escapeForTerminal(ruleMeta.description) };
  const helpUri = docsUri(homepage, meta.docs);
  const help = readRuleHelp(meta, root, helpUri);
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: sentence(meta.description) },
    fullDescription: { text: help.fullDescription ?? sentence(meta.description) },
    help: { text: help.text, markdown: help.markdown },
    ...(helpUri !== undefined ? { helpUri } : {}),
    defaultConfiguration: { level },
    properties: {
      tags: ['kubernetes', ...(meta.tags ?? []).filter((tag) => tag !== 'kubernetes')],
      precision: precisionOf(meta),
      'problem.severity': level,
    },
  };
}

/**
 * Findings that are not rules (loader and engine problems) get the descriptor of a rule: their
 * page is docs/rules/<id>.md, read and linked like a rule's page.
 */
function builtinDescriptor(id: string, root: string, homepage: string): ReportingDescriptor {
  const known = BUILTIN_DESCRIPTORS[id];
  if (known === undefined) {
    const text = sentence(`Report ${id} problems`);
    return { id, name: pascalCase(id), shortDescription: { text }, fullDescription: { text }, help: { text, markdown: text }, defaultConfiguration: { level: 'error' }, properties: { tags: ['tool'], precision: 'very-high', 'problem.severity': 'error' } };
  }
  const meta = { id, description: known.description, severity: known.level, docs: `docs/rules/${id}.md`, tags: [...known.tags], precision: 'very-high', messages: {} } as unknown as RuleMeta;
  const descriptor = ruleDescriptor(meta, known.level, root, homepage);
  // `tool` findings are about the linter, not about Kubernetes.
  return known.tags.includes('kubernetes') ? descriptor : { ...descriptor, properties: { ...descriptor.properties, tags: [...known.tags] } };
}

function logicalLocations(finding: Finding): LogicalLocation[] | undefined {
  if (!finding.object) return undefined;
  const object = objectIdentity(finding.object);
  const locations: LogicalLocation[] = [
    { name: finding.object.name, fullyQualifiedName: object, kind: 'resource' },
  ];
  if (finding.container !== undefined) {
    locations.push({ name: finding.container, fullyQualifiedName: `${object}/${finding.container}`, kind: 'member' });
  }
  return locations;
}

function locationOf(finding: Finding, path: string | undefined): Location {
  const { start, end } = finding.region;
  const artifactLocation = path === undefined ? { uri: 'stdin' } : { uri: pathToUriReference(path), uriBaseId: SRCROOT };
  const logical = logicalLocations(finding);
  return {
    physicalLocation: {
      artifactLocation,
      region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
    },
    ...(logical ? { logicalLocations: logical } : {}),
  };
}

/**
 * Where a finding mapped back from rendered output was in that output (`helm template charts/web`,
 * line 25): no file holds that text, so the location is its message and the region in properties.
 */
function renderedLocation(rendered: RenderedAt): Location {
  const { start, end } = rendered.region;
  return {
    id: 1,
    message: { text: escapeForTerminal(`Rendered by ${rendered.command}: line ${start.line}, column ${start.column} of its output`) },
    properties: {
      renderedBy: escapeForTerminal(rendered.command),
      renderedRegion: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
    },
  };
}

/** GitHub takes the category from `automationDetails.id` up to its last slash: end it with one. */
export function automationId(category: string): string {
  return category.endsWith('/') ? category : `${category}/`;
}

export const formatSarif: Formatter = (results, context) => {
  const info = packageInfo();
  const root = findSourceRoot(context.cwd);
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (descriptor: ReportingDescriptor) => {
    ruleIndex.set(descriptor.id, rules.length);
    rules.push(descriptor);
  };
  for (const rule of context.rules) {
    const level = context.severities?.get(rule.meta.id) ?? (rule.meta.severity === 'off' ? 'warning' : rule.meta.severity);
    addRule(ruleDescriptor(rule.meta, level, info.root, info.homepage));
  }
  addRule(builtinDescriptor('parse-error', info.root, info.homepage));

  const located = results.flatMap((result) =>
    result.findings.map((finding) => ({ finding, path: rootRelativePath(finding.filePath, context.cwd, root) })),
  );
  for (const { finding } of located) {
    if (!ruleIndex.has(finding.ruleId)) addRule(builtinDescriptor(finding.ruleId, info.root, info.homepage));
  }
  const fingerprints = fingerprintsOf(located.map(({ finding, path }) => ({ finding, file: path ?? finding.filePath })));

  const sarifResults: Result[] = located.map(({ finding, path }, index) => ({
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId)!,
    level: finding.severity,
    message: { text: escapeForTerminal(finding.message) },
    locations: [locationOf(finding, path)],
    ...(finding.rendered !== undefined ? { relatedLocations: [renderedLocation(finding.rendered)] } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprints[index]! },
    // Who injects what the finding is about (docs/injectors.md): the injector, its version, the trigger.
    ...(finding.injected !== undefined ? { properties: { injected: { ...finding.injected } } } : {}),
  }));

  const problems = context.problems ?? [];
  const runErrors = context.runErrors ?? [];
  const notifications = [
    ...problems.map((problem) => {
      const path = rootRelativePath(problem.path, context.cwd, root);
      return {
        level: 'error' as const,
        message: { text: sentence(escapeForTerminal(problemText(problem))) },
        ...(path !== undefined ? { locations: [{ physicalLocation: { artifactLocation: { uri: pathToUriReference(path), uriBaseId: SRCROOT } } }] } : {}),
      };
    }),
    ...runErrors.map((text) => ({ level: 'error' as const, message: { text: sentence(escapeForTerminal(text)) } })),
  ];
  const run: Run = {
    tool: {
      driver: {
        name: info.name,
        version: context.toolVersion,
        semanticVersion: context.toolVersion,
        ...(info.homepage !== '' ? { informationUri: info.homepage } : {}),
        rules,
      },
    },
    invocations: [
      {
        executionSuccessful: notifications.length === 0,
        ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
      },
    ],
    ...(context.sarifCategory !== undefined ? { automationDetails: { id: automationId(context.sarifCategory) } } : {}),
    columnKind: 'utf16CodeUnits',
    results: sarifResults,
  };
  const log: Log = { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
  return `${escapeJsonForTerminal(JSON.stringify(log, null, 2))}\n`;
};
