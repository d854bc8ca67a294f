// Who a list reaches: every active coordinator and deputy of the programme's partner
// municipalities (when the list includes them) and its explicit members, less the addresses
// that left the list, the suppressed ones and diaspora members without consent to
// communication covering the list. The one definition behind the count admins see and sending.
import { todayInBosnia } from '../../dates.js';
import type { MailingList, Prisma } from '../../generated/prisma/client.js';
import { normalizeEmail } from '../accounts/service.js';

type Db = Prisma.TransactionClient;

export type CommunicationKind = 'BULLETIN' | 'ANNOUNCEMENT';

export type RecipientSource =
  'COORDINATOR' | 'PERSON' | 'ORGANIZATION' | 'DIASPORA_MEMBER' | 'EXTERNAL';

export interface Recipient {
  email: string;
  name: string | null;
  source: RecipientSource;
}

interface ConsentState {
  givenAt: Date;
  withdrawnAt: Date | null;
  allLists: boolean;
  listIds: string[];
  kinds: string[];
}

/** Does this consent let the member be mailed this kind through this list? */
export function consentCovers(
  consent: ConsentState | null | undefined,
  listId: string,
  kind: CommunicationKind,
): boolean {
  return (
    !!consent &&
    consent.withdrawnAt === null &&
    consent.kinds.includes(kind) &&
    (consent.allLists || consent.listIds.includes(listId))
  );
}

/** Everyone the list would reach before leaves and suppression, first source wins. */
async function candidates(
  db: Db,
  list: Pick<MailingList, 'id' | 'programmeId' | 'includeCoordinators'>,
  kind: CommunicationKind,
): Promise<Recipient[]> {
  const found: Recipient[] = [];
  if (list.includeCoordinators) {
    const today = todayInBosnia();
    const assignments = await db.coordinatorAssignment.findMany({
      where: {
        programmeId: list.programmeId,
        archivedAt: null,
        startsOn: { lte: today },
        OR: [{ endsOn: null }, { endsOn: { gte: today } }],
        person: { archivedAt: null, email: { not: null } },
        municipality: {
          archivedAt: null,
          partnerships: {
            some: { programmeId: list.programmeId, status: 'ACTIVE', archivedAt: null },
          },
        },
      },
      select: { person: { select: { email: true, fullName: true } } },
      orderBy: { id: 'asc' },
    });
    for (const { person } of assignments) {
      found.push({ email: person.email!, name: person.fullName, source: 'COORDINATOR' });
    }
  }
  const members = await db.mailingListMember.findMany({
    where: { listId: list.id },
    select: {
      kind: true,
      email: true,
      name: true,
      confirmedAt: true,
      person: { select: { email: true, fullName: true, archivedAt: true } },
      diasporaMember: {
        select: {
          email: true,
          fullName: true,
          archivedAt: true,
          communicationConsent: true,
        },
      },
    },
    orderBy: { createdAt: 'asc' },
  });
  for (const member of members) {
    if (member.kind === 'PERSON') {
      const person = member.person;
      if (person?.email && !person.archivedAt) {
        found.push({ email: person.email, name: person.fullName, source: 'PERSON' });
      }
    } else if (member.kind === 'DIASPORA_MEMBER') {
      const diaspora = member.diasporaMember;
      // Its e-mail exists only under consent to storage; mailing needs consent to communication.
      if (
        diaspora?.email &&
        !diaspora.archivedAt &&
        consentCovers(diaspora.communicationConsent, list.id, kind)
      ) {
        found.push({ email: diaspora.email, name: diaspora.fullName, source: 'DIASPORA_MEMBER' });
      }
    } else if (member.kind === 'ORGANIZATION' || member.confirmedAt) {
      found.push({ email: member.email!, name: member.name, source: member.kind });
    }
  }
  return found;
}

/** The addresses the list reaches now, each once (by lower-cased address). */
export async function listRecipients(
  db: Db,
  list: Pick<MailingList, 'id' | 'programmeId' | 'includeCoordinators'>,
  kind: CommunicationKind = 'BULLETIN',
): Promise<Recipient[]> {
  const unique = new Map<string, Recipient>();
  for (const recipient of await candidates(db, list, kind)) {
    const email = normalizeEmail(recipient.email);
    if (!unique.has(email)) unique.set(email, { ...recipient, email });
  }
  const emails = [...unique.keys()];
  if (!emails.length) return [];
  const left = await db.mailingListLeave.findMany({
    where: { listId: list.id, email: { in: emails } },
    select: { email: true },
  });
  const suppressed = await db.emailSuppression.findMany({
    where: { email: { in: emails } },
    select: { email: true },
  });
  for (const row of [...left, ...suppressed]) unique.delete(row.email);
  return [...unique.values()];
}
