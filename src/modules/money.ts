// The shape of Money, shared by the modules that hold amounts (memoranda, funding, the dashboard)
// without importing each other's schemas.
import type { Prisma } from '../generated/prisma/client.js';

/** Money as docs/api.md defines it: a decimal string and an ISO 4217 currency (BAM by default). */
export interface MoneyShape {
  amount: Prisma.Decimal;
  currency: string;
}
