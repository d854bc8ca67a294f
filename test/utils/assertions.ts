import { expect } from 'vitest';

/** The first error's code, asserting that no data came back. */
export function refusal(result: { data?: any; errors?: { extensions?: { code?: string } }[] }) {
  expect(result.data ?? null).toBeNull();
  return result.errors?.[0]?.extensions?.code;
}
