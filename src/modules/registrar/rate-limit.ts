// Request creation is limited per client address and per e-mail address, in memory or, when
// REDIS_URL is set, in Redis (shared by every instance). Redis being down falls back to the
// in-memory counters (the insurance limiter) rather than refusing everyone.
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { RegistrarSettings } from '../../config.js';
import { ForbiddenError } from '../../errors.js';

const HOUR_SECONDS = 3600;

export class RegistrarRateLimits {
  private readonly perAddress: RateLimiterAbstract;
  private readonly perEmail: RateLimiterAbstract;
  private readonly redis: Redis | undefined;

  constructor(settings: RegistrarSettings, redisUrl?: string) {
    const memory = (points: number, keyPrefix: string) =>
      new RateLimiterMemory({ points, duration: HOUR_SECONDS, keyPrefix });
    if (redisUrl) {
      this.redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      this.redis.on('error', () => {});
    }
    const limiter = (points: number, keyPrefix: string) =>
      this.redis
        ? new RateLimiterRedis({
            storeClient: this.redis,
            points,
            duration: HOUR_SECONDS,
            keyPrefix,
            insuranceLimiter: memory(points, `${keyPrefix}-insurance`),
          })
        : memory(points, keyPrefix);
    this.perAddress = limiter(settings.requestsPerAddressPerHour, 'veza-registrar-address');
    this.perEmail = limiter(settings.requestsPerEmailPerHour, 'veza-registrar-email');
  }

  /** Counts one request; FORBIDDEN with reason TOO_MANY_REQUESTS past either limit. */
  async consume(address: string | null, email: string): Promise<void> {
    try {
      await this.perAddress.consume(address ?? 'unknown');
      await this.perEmail.consume(email);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new ForbiddenError('Too many document requests; try again later', {
        reason: 'TOO_MANY_REQUESTS',
        retryAfterSeconds: Math.ceil(error.msBeforeNext / 1000),
      });
    }
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }
}
