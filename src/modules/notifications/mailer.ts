// Sends e-mail: over SMTP (a pooled nodemailer transport) when SMTP_URL is set, otherwise as
// .eml files in MAIL_DIR, each one logged, so that a newcomer running the embedded default
// sees what Veza would have sent.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { MailSettings } from '../../config.js';
import type { Logger } from '../../logger.js';

export interface OutgoingMessage {
  /** Stable per delivery: a retried message keeps it, so a receiver can see a repeat. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl: string;
}

/** The server refused the recipient for good (5xx on RCPT TO): trying again will not help. */
export class PermanentRefusal extends Error {
  override name = 'PermanentRefusal';
}

export interface Mailer {
  /** Resolves once the message is accepted; throws PermanentRefusal or a transient error. */
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

const SMTP_TIMEOUT_MS = 30_000;

export function createMailer(settings: MailSettings, logger: Logger): Mailer {
  const transport = settings.smtpUrl
    ? nodemailer.createTransport({
        url: settings.smtpUrl,
        pool: true,
        maxConnections: settings.concurrency,
        connectionTimeout: SMTP_TIMEOUT_MS,
        greetingTimeout: SMTP_TIMEOUT_MS,
        socketTimeout: SMTP_TIMEOUT_MS,
      })
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const toFiles = !settings.smtpUrl;

  return {
    async send(message) {
      const mail = {
        from: settings.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        // RFC 8058: a mail client may unsubscribe with one POST, without the user signing in.
        list: { unsubscribe: { url: message.unsubscribeUrl, comment: 'Unsubscribe' } },
        headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      };
      let info: { message?: unknown; rejected?: unknown[]; rejectedErrors?: unknown[] };
      try {
        info = await transport.sendMail(mail);
      } catch (error) {
        throw classify(error);
      }
      if (toFiles) {
        await mkdir(settings.dir, { recursive: true });
        const file = path.join(settings.dir, `${message.messageId.replace(/[<>@]/g, '_')}.eml`);
        await writeFile(file, info.message as Buffer);
        logger.info({ to: message.to, subject: message.subject, file }, 'e-mail written');
        return;
      }
      if (info.rejected?.length) throw classify(info.rejectedErrors?.[0] ?? info);
    },
    close: () => transport.close(),
  };
}

function classify(error: unknown): Error {
  const { code, responseCode, response } = (error ?? {}) as {
    code?: string;
    responseCode?: number;
    response?: string;
  };
  if (code === 'EENVELOPE' && responseCode !== undefined && responseCode >= 500) {
    return new PermanentRefusal(response ?? `Refused with ${responseCode}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
