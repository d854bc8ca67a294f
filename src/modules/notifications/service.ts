// The delivery layer's rules: what `notify` records for whom, preferences, the inbox.
// Other modules call `notify(tx, …)` inside the transaction of the change that causes the
// notification; the worker (worker.ts) delivers what it recorded.
import type { Prisma } from '../../generated/prisma/client.js';
import type {
  EmailFrequency,
  Language,
  NotificationKind,
  Role,
} from '../../generated/prisma/client.js';
import { normalizeEmail } from '../../email.js';
import type { KindData } from './kinds.js';

type Tx = Prisma.TransactionClient;

export type NotifyRequest<K extends Exclude<NotificationKind, 'DAILY_DIGEST'>> = {
  kind: K;
  data: KindData[K];
  /** Users to notify (in-app and e-mail, as each one prefers). Disabled users are skipped. */
  userIds?: readonly string[];
  /** Addresses without an account (e-mail only, in `language`, default Bosnian). */
  emails?: readonly string[];
  language?: Language;
  /**
   * Notify only once for this key, whoever calls first (a reminder's sweep, a call's
   * opening); a later call with the same key records nothing.
   */
  onceKey?: string;
};

const DEFAULT_PREFERENCE = { email: 'IMMEDIATE' as EmailFrequency, inApp: true };

/**
 * Records a notification inside the caller's transaction: an in-app copy per user who wants
 * one and an e-mail in the outbox per address (held for the digest when the user takes this
 * kind daily). Nothing is sent before the transaction commits; a rolled-back change notifies
 * no one. Returns how many people it reached (0 when `onceKey` was used already).
 */
export async function notify<K extends Exclude<NotificationKind, 'DAILY_DIGEST'>>(
  tx: Tx,
  request: NotifyRequest<K>,
): Promise<number> {
  if (request.onceKey) {
    const first = await tx.notificationOnce.createMany({
      data: [{ key: request.onceKey }],
      skipDuplicates: true,
    });
    if (first.count === 0) return 0;
  }
  const { kind } = request;
  const data = request.data as Prisma.InputJsonValue;
  const users = request.userIds?.length
    ? await tx.user.findMany({
        where: { id: { in: [...new Set(request.userIds)] }, disabledAt: null },
        select: {
          id: true,
          email: true,
          language: true,
          notificationPreferences: { where: { kind } },
        },
      })
    : [];
  const userEmails = new Set(users.map((user) => user.email));
  const addresses = [...new Set((request.emails ?? []).map(normalizeEmail))].filter(
    (address) => !userEmails.has(address),
  );
  const optedOut = addresses.length
    ? new Set(
        (
          await tx.emailOptOut.findMany({
            where: { email: { in: addresses }, kind },
            select: { email: true },
          })
        ).map((row) => row.email),
      )
    : new Set<string>();

  const inApp: Prisma.NotificationCreateManyInput[] = [];
  const outbox: Prisma.DeliveryCreateManyInput[] = [];
  for (const user of users) {
    const preference = user.notificationPreferences[0] ?? DEFAULT_PREFERENCE;
    // An invitation's link is for the e-mail only: the invitee has no inbox yet.
    if (preference.inApp && kind !== 'INVITATION') inApp.push({ userId: user.id, kind, data });
    if (preference.email !== 'OFF') {
      outbox.push({
        userId: user.id,
        email: user.email,
        language: user.language,
        kind,
        data,
        status: preference.email === 'DAILY_DIGEST' ? 'HELD' : 'PENDING',
      });
    }
  }
  for (const email of addresses) {
    if (optedOut.has(email)) continue;
    outbox.push({ email, language: request.language ?? 'BS', kind, data, status: 'PENDING' });
  }
  if (inApp.length) await tx.notification.createMany({ data: inApp });
  if (outbox.length) await tx.delivery.createMany({ data: outbox });
  return users.length + addresses.length - optedOut.size;
}

// --- Recipients ------------------------------------------------------------------------------

type Ids = readonly (string | null | undefined)[];

/** Active users holding one of these roles, scoped to one of these municipalities or organisations. */
async function roleHolders(
  tx: Tx,
  roles: Role[],
  scope: 'municipalityId' | 'organizationId',
  scopeIds: Ids,
): Promise<string[]> {
  const ids = scopeIds.filter((id): id is string => !!id);
  if (!ids.length) return [];
  const grants = await tx.roleAssignment.findMany({
    where: { role: { in: roles }, [scope]: { in: ids }, user: { disabledAt: null } },
    select: { userId: true },
  });
  return [...new Set(grants.map((grant) => grant.userId))];
}

/** Coordinators and deputies of these municipalities. */
export const coordinatorsOf = (tx: Tx, municipalityIds: Ids) =>
  roleHolders(tx, ['COORDINATOR', 'DEPUTY_COORDINATOR'], 'municipalityId', municipalityIds);

/** Diaspora representatives of these organisations. */
export const representativesOf = (tx: Tx, organizationIds: Ids) =>
  roleHolders(tx, ['DIASPORA_REPRESENTATIVE'], 'organizationId', organizationIds);

/** People of the directory, as recipients: their e-mail (notify matches it to an account). */
export async function addressesOfPeople(
  tx: Tx,
  personIds: Ids,
): Promise<{ userIds: string[]; emails: string[] }> {
  const ids = personIds.filter((id): id is string => !!id);
  if (!ids.length) return { userIds: [], emails: [] };
  const people = await tx.person.findMany({
    where: { id: { in: ids }, email: { not: null } },
    select: { email: true },
  });
  const emails = people.map((person) => normalizeEmail(person.email!));
  const users = await tx.user.findMany({
    where: { email: { in: emails } },
    select: { id: true, email: true },
  });
  const withAccount = new Set(users.map((user) => user.email));
  return {
    userIds: users.map((user) => user.id),
    emails: emails.filter((email) => !withAccount.has(email)),
  };
}

// --- Preferences -----------------------------------------------------------------------------

export interface PreferenceInput {
  kind: Exclude<NotificationKind, 'DAILY_DIGEST'>;
  email: EmailFrequency;
  inApp: boolean;
}

/** Sets some of the user's preferences (and their language) in one transaction. */
export async function updatePreferences(
  prisma: { $transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> },
  userId: string,
  input: { preferences: PreferenceInput[]; language?: Language | null },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    for (const { kind, email, inApp } of input.preferences) {
      await tx.notificationPreference.upsert({
        where: { userId_kind: { userId, kind } },
        create: { userId, kind, email, inApp },
        update: { email, inApp },
      });
    }
    if (input.language) {
      await tx.user.update({ where: { id: userId }, data: { language: input.language } });
    }
  });
}
