// deploy/nginx/veza.conf as shipped, started on loopback (its own prefix, unprivileged ports, a
// self-signed certificate) in front of two built instances (`node dist/main.js`) on one
// PostgreSQL and Redis: a query over HTTPS, the port-80 redirect, and a subscription over wss
// that hears a change made on either instance. Runs in the PostgreSQL + Redis run (DATABASE_URL,
// REDIS_URL) with nginx installed; without nginx it is skipped unless REQUIRE_NGINX is set (CI).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createScratchDatabase, type ScratchDatabase } from '../utils/database.js';
import { collect } from '../utils/server.js';

const root = new URL('../..', import.meta.url).pathname;
const nginxPath = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => existsSync(file));
const runnable = Boolean(nginxPath && process.env.DATABASE_URL && process.env.REDIS_URL);
if (!nginxPath && process.env.REQUIRE_NGINX) throw new Error('REQUIRE_NGINX is set: install nginx');

const children: ChildProcess[] = [];
let scratch: ScratchDatabase | undefined;
let dir: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Resolves once `ready` matches the child's output; rejects if it exits first. */
async function started(
  child: ChildProcess,
  output: () => string,
  ready: () => boolean | Promise<boolean>,
) {
  while (!(await ready())) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether something accepts connections on the port. */
function accepts(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket.end() && true));
    socket.on('error', () => resolve(false));
  });
}

function start(command: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  children.push(child);
  return { child, output: () => output };
}

/** The shipped file with only ports, certificate paths and IPv6 listeners changed. */
function renderSite(
  ports: Record<'a' | 'b' | 'http' | 'https', number>,
  cert: string,
  key: string,
) {
  let site = readFileSync(path.join(root, 'deploy/nginx/veza.conf'), 'utf8');
  const replace = (pattern: RegExp, by: string) => {
    expect(site.match(pattern), String(pattern)).toHaveLength(1);
    site = site.replace(pattern, by);
  };
  replace(/server 127\.0\.0\.1:4001/g, `server 127.0.0.1:${ports.a}`);
  replace(/server 127\.0\.0\.1:4002/g, `server 127.0.0.1:${ports.b}`);
  replace(/listen 80;/g, `listen 127.0.0.1:${ports.http};`);
  replace(/listen \[::\]:80;/g, '');
  replace(/listen 443 ssl http2;/g, `listen 127.0.0.1:${ports.https} ssl http2;`);
  replace(/listen \[::\]:443 ssl http2;/g, '');
  replace(/ssl_certificate \S+;/g, `ssl_certificate ${cert};`);
  replace(/ssl_certificate_key \S+;/g, `ssl_certificate_key ${key};`);
  return site;
}

let ports: Record<'a' | 'b' | 'http' | 'https', number>;
let ca: Buffer;

beforeAll(async () => {
  if (!runnable) return;
  if (!existsSync(path.join(root, 'dist/main.js'))) {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  }
  dir = mkdtempSync(path.join(tmpdir(), 'veza-nginx-'));
  ports = { a: await freePort(), b: await freePort(), http: await freePort(), https: 0 };
  ports.https = await freePort();
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'],
    ...['-addext', 'subjectAltName=DNS:localhost', '-keyout', key, '-out', cert],
  ]);
  ca = readFileSync(cert);
  writeFileSync(path.join(dir, 'veza.conf'), renderSite(ports, cert, key));
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/veza.conf;
}
`,
  );

  scratch = await createScratchDatabase();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: scratch.databaseUrl!,
    REDIS_URL: process.env.REDIS_URL!,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  };
  const says = (instance: { output: () => string }) => () =>
    instance.output().includes('"msg":"Veza is listening on');
  // The first loads the demo data; the second starts on a ready database.
  const a = start(process.execPath, ['dist/main.js'], { ...env, PORT: String(ports.a) });
  await started(a.child, a.output, says(a));
  const b = start(process.execPath, ['dist/main.js'], { ...env, PORT: String(ports.b) });
  await started(b.child, b.output, says(b));
  const nginx = start(nginxPath!, [
    ...['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')],
    ...['-g', 'daemon off;'],
  ]);
  await started(
    nginx.child,
    () => nginx.output() + readLog('error.log'),
    () => accepts(ports.https),
  );
}, 300_000);

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        child.exitCode ?? new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM')),
    ),
  );
  await scratch?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function readLog(name: string) {
  return existsSync(path.join(dir, name)) ? readFileSync(path.join(dir, name), 'utf8') : '';
}

/** One request through nginx over HTTPS (the self-signed certificate trusted). */
function https(method: string, pathname: string, body?: unknown, token?: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; json?: any }>(
    (resolve, reject) => {
      const req = request(
        {
          host: 'localhost',
          port: ports.https,
          path: pathname,
          method,
          ca,
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              headers: res.headers,
              json: text.startsWith('{') ? JSON.parse(text) : undefined,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    },
  );
}

/** One operation straight to an instance, bypassing nginx. */
async function direct(port: number, query: string, variables: object, token: string) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

describe.runIf(runnable)('two instances behind deploy/nginx/veza.conf', () => {
  it('answers queries over HTTPS and redirects plain HTTP', async () => {
    expect((await https('GET', '/health/ready')).status).toBe(200);
    const answer = await https('POST', '/graphql', { query: '{ programmes { totalCount } }' });
    expect(answer.json).toEqual({ data: { programmes: { totalCount: 4 } } });
    const plain = await fetch(`http://127.0.0.1:${ports.http}/graphql`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe('https://127.0.0.1/graphql');
  });

  it('carries a subscription over wss that hears changes made on either instance', async () => {
    const signIn = await https('POST', '/graphql', {
      query: 'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
      variables: { input: { email: 'admin@veza.test', password: 'veza-demo' } },
    });
    const token: string = signIn.json.data.signIn.token;
    const programmes = await https('POST', '/graphql', {
      query: '{ programmes(search: "D4D", first: 1) { edges { node { id } } } }',
    });
    const id: string = programmes.json.data.programmes.edges[0].node.id;

    class TrustingWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { ca });
      }
    }
    const client = createClient({
      url: `wss://localhost:${ports.https}/graphql`,
      webSocketImpl: TrustingWebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    const connected = new Promise((resolve) => client.on('connected', resolve));
    const feed = collect<{ programmeChanged: { description: string } }>(
      client,
      'subscription($id: ID) { programmeChanged(id: $id) { description } }',
      { id },
    );
    await connected;
    try {
      const update = `mutation($input: UpdateProgrammeInput!) {
        updateProgramme(input: $input) { programme { description } } }`;
      // Each instance in turn: one holds the socket, the other's change arrives through Redis.
      for (const [n, port] of [ports.a, ports.b].entries()) {
        const description = `Izmjena ${n + 1}`;
        // Until the subscription is registered a change may pass unheard: repeat until heard.
        await expect
          .poll(async () => {
            await direct(port, update, { input: { id, description } }, token);
            return feed.results.map((result) => result.data?.programmeChanged.description);
          })
          .toContain(description);
      }
    } finally {
      await client.dispose();
    }
    // nginx logs the WebSocket (status 101, the upgrade) once it has closed.
    await expect.poll(() => readLog('access.log')).toMatch(/"GET \/graphql HTTP\/1\.1" 101 /);
  });
});
