import { setFlagsFromString } from 'node:v8';
import { NODE_RUNTIME_FLAGS } from '../../../common/runtime';

/**
 * `process.env` is an exotic object: every read calls into C++ (getenv). The `yaml` parser reads
 * `process.env.LOG_TOKENS` once per token, which made environment lookups a large share of parsing
 * 10,000 records. A plain copy answers the same reads at object speed; child processes we start
 * receive it as their environment all the same. Call before anything parses.
 */
export function usePlainProcessEnv(): void {
  process.env = { ...process.env };
}

/**
 * Applies NODE_RUNTIME_FLAGS (common/runtime.ts) to this process. Must run before much is
 * allocated; V8 applies the young-generation size as the generation grows.
 */
export function useRuntimeFlags(): void {
  for (const flag of NODE_RUNTIME_FLAGS) setFlagsFromString(flag);
}
