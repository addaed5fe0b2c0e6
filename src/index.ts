/** Public API for programmatic use. */
export { lintPaths, lintText } from './lint.js';
export { resolveConfig, readConfigFile, findConfigFile, ConfigError } from './config.js';
export { defineRule, interpolate } from './rule.js';
export type { Rule, RuleMeta, RuleContext, Pod, Report, ConfiguredRule, AnyRule } from './rule.js';
export type { ContainerInfo, ContainerRole } from './containers.js';
export type { Finding, FileResult, Path, Position, Region, Severity } from './types.js';
export { builtinRules } from '../rules/index.js';
export { loadRuleSet } from './rule-set.js';
export type { RuleSet } from './rule-set.js';
export type { PolicyConfig, PolicyMatch, PolicyTarget, PolicyRole } from './policies.js';
