/**
 * What the extension tells the server when it starts it (`initializationOptions`): the user's
 * settings, and whether the user trusts the workspace, without which the server loads none of the
 * config's plugins and policies.
 */

/** The part of VS Code's WorkspaceConfiguration this reads. */
export interface SettingsSource {
  get<T>(key: string, defaultValue: T): T;
}

export interface InitializationOptions {
  readonly enable: boolean;
  readonly run: 'onType' | 'onSave';
  readonly configPath: string;
  readonly trustWorkspace: boolean;
}

export function initializationOptions(config: SettingsSource, trusted: boolean): InitializationOptions {
  return {
    enable: config.get<boolean>('enable', true),
    run: config.get<'onType' | 'onSave'>('run', 'onType'),
    configPath: config.get<string>('configPath', ''),
    trustWorkspace: trusted,
  };
}
