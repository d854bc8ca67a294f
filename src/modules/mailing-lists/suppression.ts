// Leaving lists and never mailing an address again. The unsubscribe links (notifications'
// unsubscribe.ts) and the delivery worker call these, so they import nothing of the
// notifications module.
import type { Prisma, SuppressionReason } from '../../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;

/** The address leaves these lists: it is not mailed through them again until it signs up. */
export async function leaveLists(tx: Tx, email: string, listIds: readonly string[]) {
  await tx.mailingListLeave.createMany({
    data: listIds.map((listId) => ({ listId, email })),
    skipDuplicates: true,
  });
}

/** Is list mail through these lists still wanted: not suppressed, and not left all of them? */
export async function stillWanted(
  db: Pick<Tx, 'emailSuppression' | 'mailingListLeave'>,
  email: string,
  listIds: readonly string[],
): Promise<boolean> {
  if (await db.emailSuppression.findUnique({ where: { email } })) return false;
  const left = await db.mailingListLeave.count({ where: { email, listId: { in: [...listIds] } } });
  return left < listIds.length;
}

/** No list mail goes to the address again (the first reason recorded is kept). */
export async function suppress(
  tx: Pick<Tx, 'emailSuppression'>,
  email: string,
  reason: SuppressionReason,
  detail?: string,
) {
  await tx.emailSuppression.createMany({
    data: [{ email, reason, detail: detail?.slice(0, 1000) ?? null }],
    skipDuplicates: true,
  });
}
