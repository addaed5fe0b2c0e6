/** Types of scripts/tools.mjs: absolute paths of the real helm and kubectl binaries for tests and bench. */
export declare function tools(): { helm: string; kubectl: string; dir: string };
