// Hourly limits on what costs an e-mail to someone outside (registrar requests, mailing-list
// sign-ups), counted per key: in memory or, when REDIS_URL is set, in Redis, so that every
// instance counts together. Redis being down falls back to in-memory counters (the insurance
// limiter) rather than refusing everyone.
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Config } from './config.js';
import { ForbiddenError } from './errors.js';

const HOUR_SECONDS = 3600;

/** One limit: so many points an hour per key. */
export interface HourlyLimit {
  name: string;
  pointsPerHour: number;
}

/** What a refusal says: its message and `extensions.reason`. */
export interface Refusal {
  message: string;
  reason: string;
}

export class HourlyLimiter {
  constructor(
    private readonly limiters: RateLimiterAbstract[],
    private readonly refusal: Refusal,
  ) {}

  /** Counts one attempt against each limit with its key; FORBIDDEN past any of them. */
  async consume(...keys: string[]): Promise<void> {
    try {
      for (const [index, limiter] of this.limiters.entries()) await limiter.consume(keys[index]!);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new ForbiddenError(this.refusal.message, {
        reason: this.refusal.reason,
        retryAfterSeconds: Math.ceil(error.msBeforeNext / 1000),
      });
    }
  }
}

/** The server's limiters, sharing one Redis connection when there is one. */
export class RateLimits {
  readonly registrarRequests: HourlyLimiter;
  readonly mailingListSignUps: HourlyLimiter;
  private readonly redis: Redis | undefined;

  constructor(config: Pick<Config, 'registrar' | 'redisUrl'>) {
    if (config.redisUrl) {
      this.redis = new Redis(config.redisUrl, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
      });
      this.redis.on('error', () => {});
    }
    this.registrarRequests = this.limiter(
      [
        { name: 'registrar-address', pointsPerHour: config.registrar.requestsPerAddressPerHour },
        { name: 'registrar-email', pointsPerHour: config.registrar.requestsPerEmailPerHour },
      ],
      { message: 'Too many document requests; try again later', reason: 'TOO_MANY_REQUESTS' },
    );
    // A sign-up costs a confirmation e-mail: these keep one client, or one address, from being
    // used to mail in bulk.
    this.mailingListSignUps = this.limiter(
      [
        { name: 'sign-up-ip', pointsPerHour: 30 },
        { name: 'sign-up-email', pointsPerHour: 3 },
      ],
      { message: 'Too many sign-up requests; try again later', reason: 'TOO_MANY_ATTEMPTS' },
    );
  }

  private limiter(limits: HourlyLimit[], refusal: Refusal): HourlyLimiter {
    const memory = (points: number, keyPrefix: string) =>
      new RateLimiterMemory({ points, duration: HOUR_SECONDS, keyPrefix });
    return new HourlyLimiter(
      limits.map(({ name, pointsPerHour }) => {
        const keyPrefix = `veza-${name}`;
        return this.redis
          ? new RateLimiterRedis({
              storeClient: this.redis,
              points: pointsPerHour,
              duration: HOUR_SECONDS,
              keyPrefix,
              insuranceLimiter: memory(pointsPerHour, `${keyPrefix}-insurance`),
            })
          : memory(pointsPerHour, keyPrefix);
      }),
      refusal,
    );
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }
}
