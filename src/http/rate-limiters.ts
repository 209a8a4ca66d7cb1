import type { Context } from 'hono';

/** Whether a client may make one more request to a group of endpoints, and if not, when to try again. */
export interface RateLimiter {
  /** The client a request comes from, as the runtime knows it; undefined when it cannot tell (in-process calls). */
  clientOf(c: Context): string | undefined;
  take(key: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}

/**
 * A fixed-window counter per key in this process's memory: `perMinute` requests per key and minute.
 * Node's limiter, and a Worker's when it has no rate-limiting binding. At most 10,000 keys are kept;
 * past that the oldest window is dropped first.
 * @example const limiter = memoryRateLimiter(60, clientAddressOf(0));
 */
export function memoryRateLimiter(
  perMinute: number,
  clientOf: RateLimiter['clientOf'],
  now: () => number = Date.now,
): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    clientOf,
    async take(key) {
      const at = now();
      let window = windows.get(key);
      if (!window || at - window.start >= 60_000) {
        windows.delete(key);
        if (windows.size >= 10_000) windows.delete(windows.keys().next().value ?? '');
        window = { start: at, count: 0 };
        windows.set(key, window);
      }
      window.count++;
      if (window.count <= perMinute) return { allowed: true };
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((window.start + 60_000 - at) / 1000)),
      };
    },
  };
}

/** The Workers rate-limiting binding (`[[ratelimits]]` in wrangler.toml). */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/**
 * The limiter of a Worker: the platform's rate-limiting binding, counted across isolates at the edge,
 * per client address (`cf-connecting-ip`, which Cloudflare sets and a client cannot). The binding's
 * period is a minute, so a refusal says to try again after 60 seconds.
 * @example workerRateLimiter(env.RATE_LIMITER)
 */
export function workerRateLimiter(binding: RateLimitBinding): RateLimiter {
  return {
    clientOf: (c) => c.req.header('cf-connecting-ip'),
    async take(key) {
      const { success } = await binding.limit({ key });
      return success ? { allowed: true } : { allowed: false, retryAfterSeconds: 60 };
    },
  };
}
