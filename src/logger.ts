import { pino } from 'pino';
import pretty from 'pino-pretty';

export type Logger = pino.Logger;

/** `auto`: readable lines on a terminal, JSON lines otherwise (a file, journald, a collector). */
export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * Structured JSON logs on stdout, or pino-pretty's coloured lines for a person reading them
 * (formatted in-process: no worker thread to start or lose lines on exit). `level: 'silent'` in
 * tests that do not read them.
 */
export function createLogger(level: pino.LevelWithSilent, format: LogFormat = 'json'): Logger {
  const options = { level, base: { service: 'veza' } };
  const readable = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
  if (!readable) return pino(options);
  return pino(
    options,
    pretty({ colorize: process.stdout.isTTY === true, ignore: 'pid,hostname,service', sync: true }),
  );
}
