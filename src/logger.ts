import { pino } from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout; `level: 'silent'` in tests that do not read them. */
export function createLogger(level: pino.LevelWithSilent): Logger {
  return pino({ level, base: { service: 'veza' } });
}
