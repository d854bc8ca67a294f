// One-click unsubscribe (RFC 8058). Each message carries a signed link naming its recipient
// and kind; following it (GET) shows a confirmation page, posting to it (the mail client's
// one click, or the page's button) turns that kind's e-mail off. A link works once, until it
// expires; a forged, expired or used one gets a clear page, changes nothing and is audited.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PrismaClient } from '../../db/database.js';
import type { NotificationKind } from '../../generated/prisma/client.js';
import type { Logger } from '../../logger.js';
import { recordAudit } from '../audit/service.js';
import { leaveLists, suppress } from '../mailing-lists/suppression.js';

export const UNSUBSCRIBE_PATH = '/unsubscribe';

/** Who and what a link unsubscribes. */
export interface UnsubscribeClaim {
  /** A user's id, or an address without an account. */
  recipient: { userId: string } | { email: string };
  kind: NotificationKind;
  /** A list's mail: the link leaves these mailing lists rather than turning a kind off. */
  listIds?: string[];
  /** Leave every list: the address is suppressed for all list mail. */
  everything?: boolean;
}

interface TokenBody {
  u?: string;
  e?: string;
  k: NotificationKind;
  l?: string[];
  a?: 1;
  /** Nonce: the link's identity, recorded when used. */
  n: string;
  /** Expiry, seconds since the epoch. */
  x: number;
}

export class UnsubscribeLinks {
  constructor(
    private readonly secret: Buffer,
    private readonly publicUrl: string,
    private readonly ttlMs: number,
  ) {}

  /** The key from UNSUBSCRIBE_SECRET, or one made once per database and shared by instances. */
  static async load(
    prisma: PrismaClient,
    settings: { unsubscribeSecret?: string; publicUrl: string; unsubscribeTtlMs: number },
  ): Promise<UnsubscribeLinks> {
    let secret = settings.unsubscribeSecret;
    if (!secret) {
      await prisma.appSecret.createMany({
        data: [{ name: 'unsubscribe', value: randomBytes(32).toString('base64url') }],
        skipDuplicates: true,
      });
      secret = (await prisma.appSecret.findUniqueOrThrow({ where: { name: 'unsubscribe' } })).value;
    }
    return new UnsubscribeLinks(Buffer.from(secret), settings.publicUrl, settings.unsubscribeTtlMs);
  }

  url(claim: UnsubscribeClaim): string {
    const body: TokenBody = {
      ...('userId' in claim.recipient
        ? { u: claim.recipient.userId }
        : { e: claim.recipient.email }),
      k: claim.kind,
      ...(claim.listIds ? { l: claim.listIds } : {}),
      ...(claim.everything ? { a: 1 as const } : {}),
      n: randomBytes(12).toString('base64url'),
      x: Math.floor((Date.now() + this.ttlMs) / 1000),
    };
    const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
    return `${this.publicUrl}${UNSUBSCRIBE_PATH}?token=${payload}.${this.sign(payload)}`;
  }

  /** The claim of a genuine, unexpired token, or why it is refused. */
  verify(token: string): { claim: UnsubscribeClaim; nonce: string } | { refused: string } {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length) return { refused: 'FORGED' };
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { refused: 'FORGED' };
    }
    let body: TokenBody;
    try {
      body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenBody;
    } catch {
      return { refused: 'FORGED' };
    }
    if (body.x * 1000 < Date.now()) return { refused: 'EXPIRED' };
    const recipient = body.u ? { userId: body.u } : { email: body.e! };
    const claim: UnsubscribeClaim = {
      recipient,
      kind: body.k,
      ...(body.l ? { listIds: body.l } : {}),
      ...(body.a ? { everything: true } : {}),
    };
    return { claim, nonce: body.n };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

type Outcome = 'CONFIRM' | 'DONE' | 'LEFT_LIST' | 'LEFT_ALL' | 'FORGED' | 'EXPIRED' | 'USED';

const pages: Record<Outcome, { status: number; bs: string; en: string }> = {
  CONFIRM: {
    status: 200,
    bs: 'Želite li se odjaviti s ovih poruka?',
    en: 'Do you want to stop these messages?',
  },
  DONE: {
    status: 200,
    bs: 'Odjavljeni ste. Ovakve poruke vam više nećemo slati e-poštom.',
    en: 'You are unsubscribed. We will not e-mail you messages of this kind again.',
  },
  LEFT_LIST: {
    status: 200,
    bs: 'Odjavljeni ste s liste. Preko nje vam više nećemo slati poruke.',
    en: 'You have left the list. We will not e-mail you through it again.',
  },
  LEFT_ALL: {
    status: 200,
    bs: 'Odjavljeni ste sa svih lista. Više vam nećemo slati poruke lista ni bilten.',
    en: 'You have left every list. We will not send you list mail or the bulletin again.',
  },
  FORGED: {
    status: 400,
    bs: 'Ovaj link za odjavu nije ispravan. Ništa nije promijenjeno.',
    en: 'This unsubscribe link is not valid. Nothing was changed.',
  },
  EXPIRED: {
    status: 410,
    bs: 'Ovaj link za odjavu je istekao. Ništa nije promijenjeno; koristite link iz novije poruke ili postavke u aplikaciji.',
    en: 'This unsubscribe link has expired. Nothing was changed; use the link of a newer message or the settings in the app.',
  },
  USED: {
    status: 410,
    bs: 'Ovaj link za odjavu je već iskorišten. Ništa nije promijenjeno.',
    en: 'This unsubscribe link was used already. Nothing was changed.',
  },
};

const oneClickForm = (action: string, label: string) =>
  `<form method="post" action="${action.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">` +
  '<input type="hidden" name="List-Unsubscribe" value="One-Click">' +
  `<button type="submit">${label}</button></form>`;

function sendPage(
  res: ServerResponse,
  outcome: Outcome,
  formAction?: string,
  everythingAction?: string,
) {
  const page = pages[outcome];
  const form =
    (formAction ? oneClickForm(formAction, 'Odjava / Unsubscribe') : '') +
    (everythingAction
      ? oneClickForm(everythingAction, 'Odjava sa svih lista / Leave every list')
      : '');
  res
    .writeHead(page.status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-unsubscribe-outcome': outcome,
    })
    .end(
      '<!doctype html><html lang="bs"><head><meta charset="utf-8"><title>Veza</title></head>' +
        `<body><h1>Veza</h1><p>${page.bs}</p><p lang="en">${page.en}</p>${form}</body></html>`,
    );
}

/**
 * Serves /unsubscribe when the request is for it (returns true). GET never changes anything
 * (link scanners follow links); POST unsubscribes.
 */
export function serveUnsubscribe(
  req: IncomingMessage,
  res: ServerResponse,
  services: { prisma: PrismaClient; links: UnsubscribeLinks | undefined; logger: Logger },
): boolean {
  const url = new URL(req.url ?? '/', 'http://veza');
  if (url.pathname !== UNSUBSCRIBE_PATH) return false;
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.writeHead(405, { allow: 'GET, POST' }).end();
    return true;
  }
  req.resume(); // the one-click body says nothing the token does not
  void handle(req.method, url, req.socket.remoteAddress ?? null, res, services).catch((error) => {
    services.logger.error({ err: error }, 'unsubscribe failed');
    if (!res.headersSent) res.writeHead(500).end();
  });
  return true;
}

async function handle(
  method: string,
  url: URL,
  address: string | null,
  res: ServerResponse,
  { prisma, links }: { prisma: PrismaClient; links: UnsubscribeLinks | undefined },
) {
  const token = url.searchParams.get('token') ?? '';
  const verified = links?.verify(token) ?? { refused: 'FORGED' };
  if ('refused' in verified) {
    await recordAudit(prisma, {
      kind: 'UNSUBSCRIBE_REFUSED',
      address,
      details: { reason: verified.refused, method, token: token.slice(0, 200) },
    });
    return sendPage(res, verified.refused as Outcome);
  }
  const { claim, nonce } = verified;
  const subject =
    'userId' in claim.recipient
      ? { subjectUserId: claim.recipient.userId }
      : { email: claim.recipient.email };
  const refuseUsed = async () => {
    await recordAudit(prisma, {
      kind: 'UNSUBSCRIBE_REFUSED',
      address,
      ...subject,
      details: { reason: 'USED', method, kind: claim.kind },
    });
    sendPage(res, 'USED');
  };
  if (method === 'GET') {
    if (await prisma.unsubscribeUse.findUnique({ where: { nonce } })) return refuseUsed();
    // A list's link also offers leaving every list (a link of its own, signed like this one).
    const everything =
      claim.listIds && links
        ? new URL(links.url({ recipient: claim.recipient, kind: claim.kind, everything: true }))
        : undefined;
    return sendPage(
      res,
      'CONFIRM',
      `${url.pathname}${url.search}`,
      everything && `${everything.pathname}${everything.search}`,
    );
  }

  const applied = await prisma.$transaction(async (tx) => {
    // The nonce's row makes a replay (or two clicks at once) change nothing the second time.
    const first = await tx.unsubscribeUse.createMany({ data: [{ nonce }], skipDuplicates: true });
    if (first.count === 0) return false;
    if (claim.listIds || claim.everything) {
      const email =
        'email' in claim.recipient
          ? claim.recipient.email
          : (await tx.user.findUniqueOrThrow({ where: { id: claim.recipient.userId } })).email;
      if (claim.everything) await suppress(tx, email, 'UNSUBSCRIBED_ALL');
      else await leaveLists(tx, email, claim.listIds!);
    } else if ('userId' in claim.recipient) {
      const userId = claim.recipient.userId;
      if (claim.kind === 'DAILY_DIGEST') {
        // A digest's link stops the digest: every kind taken daily is turned off.
        await tx.notificationPreference.updateMany({
          where: { userId, email: 'DAILY_DIGEST' },
          data: { email: 'OFF' },
        });
      } else {
        await tx.notificationPreference.upsert({
          where: { userId_kind: { userId, kind: claim.kind } },
          create: { userId, kind: claim.kind, email: 'OFF', inApp: true },
          update: { email: 'OFF' },
        });
      }
    } else {
      await tx.emailOptOut.createMany({
        data: [{ email: claim.recipient.email, kind: claim.kind }],
        skipDuplicates: true,
      });
    }
    await recordAudit(tx, {
      kind: 'UNSUBSCRIBED',
      address,
      ...subject,
      details: {
        kind: claim.kind,
        ...(claim.listIds ? { listIds: claim.listIds } : {}),
        ...(claim.everything ? { everything: true } : {}),
      },
    });
    return true;
  });
  if (!applied) return refuseUsed();
  sendPage(res, claim.everything ? 'LEFT_ALL' : claim.listIds ? 'LEFT_LIST' : 'DONE');
}
