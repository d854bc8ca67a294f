import type { Prisma } from '../generated/prisma/client.js';

type AdapterFactory = NonNullable<Prisma.PrismaClientOptions['adapter']>;

/** Counts the SQL statements a Prisma client sends; tests assert nested reads stay constant. */
export interface StatementCounter {
  count: number;
}

/**
 * Wraps a driver-adapter factory so every `queryRaw`/`executeRaw` (inside transactions too) adds
 * one to `counter.count`. Counting at the adapter sees real statements, not Prisma operations.
 */
export function countingAdapter(
  factory: AdapterFactory,
  counter: StatementCounter,
): AdapterFactory {
  return counting(factory, counter);
}

function counting<T extends object>(target: T, counter: StatementCounter): T {
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key, object);
      if (typeof value !== 'function') return value;
      if (key === 'queryRaw' || key === 'executeRaw') {
        return (...args: unknown[]) => {
          counter.count += 1;
          return value.apply(object, args);
        };
      }
      if (key === 'connect' || key === 'startTransaction') {
        return async (...args: unknown[]) => counting(await value.apply(object, args), counter);
      }
      return value.bind(object);
    },
  });
}
