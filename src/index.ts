/** Public API for programmatic use. */
export { lintPaths, lintText } from './engine/lint.js';
export { resolveConfig, readConfigFile, findConfigFile, ConfigError } from './config/config.js';
export { defineRule, interpolate } from './engine/rule.js';
export type { Rule, RuleMeta, RuleContext, Pod, Report, ConfiguredRule, AnyRule } from './engine/rule.js';
export type { ContainerInfo, ContainerRole } from './model/containers.js';
export type { Finding, FileResult, Path, Position, Region, Severity } from './types.js';
export { builtinRules } from '../rules/index.js';
export { loadRuleSet } from './config/rule-set.js';
export type { RuleSet } from './config/rule-set.js';
export type { PolicyConfig, PolicyMatch, PolicyTarget, PolicyRole } from './config/policy-schema.js';
export type { RenderSettings, HelmSettings } from './render/settings.js';
export type { RenderedAt } from './types.js';
