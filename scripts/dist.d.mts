// Types for scripts/dist.mjs (plain JavaScript: bin/evc reads it before anything compiles TypeScript).
export declare const ROOT: string;
export declare const DIST: string;
export declare function isDistFresh(root?: string): boolean;
export declare function buildDist(root?: string): Promise<{ files: number; assets: number; ms: number }>;
export declare function ensureDist(root?: string): Promise<{ files: number; assets: number; ms: number } | undefined>;
