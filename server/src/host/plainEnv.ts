/**
 * `process.env` is an exotic object: every read calls into C++ (getenv). The `yaml` parser reads
 * `process.env.LOG_TOKENS` once per token, which made environment lookups a large share of parsing
 * 10,000 records. A plain copy answers the same reads at object speed; child processes we start
 * receive it as their environment all the same. Call before anything parses.
 */
export function usePlainProcessEnv(): void {
  process.env = { ...process.env };
}
