// Cache client with retries.
// see INC-2024-017: retries are jittered so a failover does not turn into a retry storm.
export async function getWithRetry(get: () => Promise<string>, attempts = 5): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await get();
    } catch (error) {
      if (attempt >= attempts) throw error;

      await sleep(100 * 2 ** attempt * (0.5 + Math.random()));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// A string is not a reference:
export const example = "INC-42";
