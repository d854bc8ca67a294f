import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startTestServer, type GraphQLResponse, type TestServer } from '../utils/server.js';

/** A logger whose JSON lines the test reads, at the level production runs at or at debug. */
function capturedLogger(level: 'info' | 'debug') {
  const lines: string[] = [];
  const logger = pino({ level, base: { service: 'veza' } }, { write: (line) => lines.push(line) });
  return { logger, lines };
}

describe('logs of what clients send', () => {
  let veza: TestServer;
  const log = capturedLogger('debug');

  beforeAll(async () => {
    veza = await startTestServer({ logger: log.logger });
  });
  afterAll(() => veza?.stop());

  it('logs a refused 900 KB cursor briefly, without the cursor, and answers briefly', async () => {
    const cursor = 'Q'.repeat(900 * 1024);
    const before = log.lines.length;
    const result = await veza.gql<{ programmes: unknown }>(
      'query($after: String) { programmes(after: $after) { totalCount } }',
      { after: cursor },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result).length).toBeLessThan(2_000);
    const written = log.lines.slice(before);
    // Even at debug level: a few lines, none holding more than a small piece of the input.
    expect(written.join('').length).toBeLessThan(20_000);
    for (const line of written) expect(line).not.toContain('Q'.repeat(1_000));
    // Nothing of an expected refusal reaches the levels production logs at.
    const severe = written.map((line) => JSON.parse(line)).filter((entry) => entry.level >= 40);
    expect(severe).toEqual([]);
  });
});

describe('logs of unexpected errors', () => {
  const log = capturedLogger('info');
  let other: TestServer;
  beforeAll(async () => {
    other = await startTestServer({ demoData: false, logger: log.logger });
  });
  afterAll(() => other?.stop());

  it('logs each once, at error level, with the request id', async () => {
    await other.server.database.close(); // every query now fails unexpectedly
    const before = log.lines.length;
    const response = await fetch(other.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'hygiene-probe-1' },
      body: JSON.stringify({ query: '{ programmes { totalCount } }' }),
    });
    const body = (await response.json()) as GraphQLResponse;
    expect(body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    // With the database closed, background work (catch-ups, the outbox) logs its own failures:
    // the request's error is the one line at error level that names its request id.
    const errors = log.lines.slice(before).filter((line) => {
      const entry = JSON.parse(line);
      return entry.level >= 50 && entry.requestId === 'hygiene-probe-1';
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.split('"requestId"')).toHaveLength(2);
  });
});

describe('CORS', () => {
  const ask = (url: string, origin: string, method: 'POST' | 'OPTIONS') =>
    fetch(url, {
      method,
      headers: {
        origin,
        'content-type': 'application/json',
        ...(method === 'OPTIONS'
          ? {
              'access-control-request-method': 'POST',
              'access-control-request-headers': 'authorization',
            }
          : {}),
      },
      body: method === 'POST' ? JSON.stringify({ query: '{ __typename }' }) : undefined,
    });

  let veza: TestServer;
  let open: TestServer;
  beforeAll(async () => {
    [veza, open] = await Promise.all([
      startTestServer({ demoData: false }),
      startTestServer({
        demoData: false,
        config: { corsOrigins: ['https://veza.ba', 'https://karta.veza.ba'] },
      }),
    ]);
  });
  afterAll(() => Promise.all([veza?.stop(), open?.stop()]));

  it('allows no other origin by default, and only the configured ones when set', async () => {
    for (const method of ['POST', 'OPTIONS'] as const) {
      const refused = await ask(veza.url, 'https://evil.example', method);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(refused.headers.get('access-control-allow-credentials')).toBeNull();
      await refused.body?.cancel();

      const stranger = await ask(open.url, 'https://evil.example', method);
      expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
      await stranger.body?.cancel();

      const allowed = await ask(open.url, 'https://karta.veza.ba', method);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://karta.veza.ba');
      expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
      await allowed.body?.cancel();
    }
  });

  it('refuses a CORS_ORIGINS entry that is not an origin', async () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://veza.ba, https://a.veza.ba' }).corsOrigins).toEqual([
      'https://veza.ba',
      'https://a.veza.ba',
    ]);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://veza.ba/path' })).toThrow(/CORS_ORIGINS/);
  });
});
