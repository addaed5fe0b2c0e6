/** What the server says about a config file: that it does not load, or what of it was left out because the workspace is not trusted. */
export interface ConfigProblem {
  readonly kind: 'error' | 'untrusted';
  readonly file: string;
  readonly message: string;
  /** 1-based, when the message names them. */
  readonly line?: number;
  readonly column?: number;
}
