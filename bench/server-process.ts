import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Veza, built (`dist/main.js`, as in production), in a process of its own, for benchmarks. */
export interface BenchServer {
  url: string;
  /** The server process's id (to read its memory). */
  pid: number;
  wsUrl: string;
  /** One operation over HTTP; the response body as it came. */
  gql(query: string, variables: Record<string, unknown>, token?: string): Promise<any>;
  /** How the process ended when it did without stop() (a crash), else undefined. */
  crash(): string | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the server on the machine's other core, as in production: the benchmark's many clients
 * would otherwise share its event loop and their work would count as its delay. It uses the
 * embedded database in `pgliteDir`, or DATABASE_URL (and REDIS_URL) from the environment.
 * `onLog` sees each line the server logs.
 */
export async function startServerProcess(
  pgliteDir: string,
  onLog: (line: string) => void = () => {},
): Promise<BenchServer> {
  // The built JavaScript, not tsx: tsx keeps every function's name, which alone made an idle
  // socket 4.7 KB larger (35.9 against 31.2 KB). The npm scripts build first.
  if (!existsSync('dist/main.js')) throw new Error('dist/main.js is missing: run npm run build');
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      PGLITE_DIR: pgliteDir,
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Whatever happens, the server process goes with this one.
  process.on('exit', () => child.kill('SIGKILL'));
  let stopping = false;
  let crash: string | undefined;
  child.on('exit', (code, signal) => {
    if (!stopping) crash = `exited with ${code ?? signal}`;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /"url":"(http:[^"]+)"/.exec(output);
      if (match?.[1]) resolve(match[1]);
      for (const line of String(chunk).split('\n')) if (line) onLog(line);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    wsUrl: url.replace(/^http/, 'ws'),
    async gql(query, variables, token) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token && { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    },
    crash: () => crash,
    async stop() {
      stopping = true;
      if (crash) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
