import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { loadConfig, type MailSettings } from '../../src/config.js';
import { startTestServer, type TestServerOptions } from './server.js';

/** Fast polling and retries, so that a test sees the worker's behaviour within seconds. */
export function testMailSettings(smtpUrl: string): MailSettings {
  return {
    ...loadConfig({}).mail,
    smtpUrl,
    pollMs: 50,
    sweepMs: 200,
    backoffMs: 100,
    maxAttempts: 3,
    digestHour: 0,
  };
}

export interface ReceivedMail {
  /** RCPT TO addresses. */
  to: string[];
  parsed: ParsedMail;
}

/** How the receiver answers: accept, refuse every connection for now, or refuse addresses. */
export interface SmtpBehaviour {
  /** Answer every new connection with 421 (service not available). */
  down: boolean;
  /** Addresses refused at RCPT TO with 550 (mailbox unavailable: permanent). */
  refusedAddresses: Set<string>;
}

export interface SmtpReceiver {
  url: string;
  port: number;
  messages: ReceivedMail[];
  behaviour: SmtpBehaviour;
  /** Connections and messages refused while down. */
  refusedConnections: number;
  /** Resolves once at least `count` messages arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Messages sent to this address. */
  to(address: string): ReceivedMail[];
  /** Waits until `count` messages to this address arrived (whose subject matches). */
  waitForMailTo(
    address: string,
    subject?: RegExp | string,
    count?: number,
  ): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

/** A real SMTP server on a free local port (no TLS, no auth), parsing what it receives. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const behaviour: SmtpBehaviour = { down: false, refusedAddresses: new Set() };
  const receiver = { refusedConnections: 0 } as SmtpReceiver;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onConnect(_session, callback) {
      if (!behaviour.down) return callback();
      receiver.refusedConnections += 1;
      const error = Object.assign(new Error('Service not available, try later'), {
        responseCode: 421,
      });
      callback(error);
    },
    // A pooled client keeps its connection open: while down, refuse its messages too.
    onMailFrom(_address, _session, callback) {
      if (!behaviour.down) return callback();
      receiver.refusedConnections += 1;
      callback(Object.assign(new Error('Service not available, try later'), { responseCode: 421 }));
    },
    onRcptTo(address, _session, callback) {
      if (!behaviour.refusedAddresses.has(address.address.toLowerCase())) return callback();
      callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), parsed });
          for (const wake of waiters) wake();
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(receiver, {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    behaviour,
    async waitFor(count: number, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`timed out waiting for ${count} e-mails, got ${messages.length}`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            waiters.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, left);
          waiters.add(wake);
        });
      }
      return messages;
    },
    to: (address: string) => messages.filter((mail) => mail.to.includes(address)),
    async waitForMailTo(address: string, subject?: RegExp | string, count = 1) {
      const matching = () =>
        messages.filter(
          (mail) =>
            mail.to.includes(address) &&
            (subject === undefined ||
              (typeof subject === 'string'
                ? mail.parsed.subject === subject
                : subject.test(mail.parsed.subject ?? ''))),
        );
      const deadline = Date.now() + 20_000;
      while (matching().length < count) {
        const left = deadline - Date.now();
        if (left <= 0) {
          const seen = messages.filter((m) => m.to.includes(address)).map((m) => m.parsed.subject);
          throw new Error(
            `no e-mail to ${address} matching ${subject}; got ${JSON.stringify(seen)}`,
          );
        }
        await receiver.waitFor(messages.length + 1, left).catch(() => {});
      }
      return matching();
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** A receiver, a demo-data server mailing it (testMailSettings), and the admin's token. */
export async function startServerWithMailbox(options: Pick<TestServerOptions, 'inProcess'> = {}) {
  const smtp = await startSmtpReceiver();
  const app = await startTestServer({ ...options, config: { mail: testMailSettings(smtp.url) } });
  const admin = await app.signIn('admin@veza.test');
  return { smtp, app, admin, stop: () => app.stop().then(() => smtp.stop()) };
}
