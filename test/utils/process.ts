import { type ChildProcess, spawn } from 'node:child_process';

/** `src/main.ts` (what `npm start` runs) as a separate process on a free port. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  output(): string;
}

const children: ChildProcess[] = [];

/** Kills whatever startProcess started and is still running (for afterAll). */
export function killProcesses() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
}

export async function startProcess(
  env: Record<string, string | undefined>,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /"url":"(http:[^"]+)"/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  return { child, url, exited, output: () => output };
}

/** One GraphQL operation over HTTP against a process. */
export async function request(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}
