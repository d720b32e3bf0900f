// Connection pool for the checkout database.
// see INC-2024-017: the pool must cover the slowest dependency, not average traffic.
export const POOL = {
  size: 50,
  acquireTimeoutMs: 2_000,
  // A lower size ran dry when the payments gateway slowed down (INC-2024-017).
  idleTimeoutMs: 30_000,
  label: 'INC-2024-017 is a string here, not a reference',
};
