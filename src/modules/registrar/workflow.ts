// A request's states and the moves between them. Registrars move it forward or reject it;
// only the requester cancels.
import type { RegistrarRequestStatus } from '../../generated/prisma/client.js';

type Status = RegistrarRequestStatus;

/** The moves a registrar may make from each status. */
export const registrarMoves: Record<Status, Status[]> = {
  RECEIVED: ['IN_PROCESS', 'REJECTED'],
  IN_PROCESS: ['READY', 'REJECTED'],
  READY: ['SENT', 'PICKED_UP'],
  SENT: [],
  PICKED_UP: [],
  REJECTED: [],
  CANCELLED: [],
};

/** Statuses the requester may still cancel from (the document has not gone out). */
export const cancellable: Status[] = ['RECEIVED', 'IN_PROCESS', 'READY'];

/** Where a request's life ends; its personal data is erased some days later. */
export const closedStatuses: Status[] = ['SENT', 'PICKED_UP', 'REJECTED', 'CANCELLED'];

/** Still being processed: these count as overdue past their processing days. */
export const processingStatuses: Status[] = ['RECEIVED', 'IN_PROCESS'];
