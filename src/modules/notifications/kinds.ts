// What each kind of notification carries. The data is stored with the notification (JSON), so
// a message can be rendered again, in the recipient's language, whenever it is sent.
import type { NotificationKind } from '../../generated/prisma/client.js';

export interface ActionItemData {
  actionItemId: string;
  text: string;
  /** YYYY-MM-DD, or null when the conclusions gave no deadline. */
  dueDate: string | null;
  eventTitle: string;
}

/** A questionnaire return its recipient has not submitted. */
export interface QuestionnaireReminderData {
  campaignId: string;
  returnId: string;
  title: string;
  /** The municipality or association the return is for. */
  recipient: string;
  /** YYYY-MM-DD, the deadline. */
  closesOn: string;
}

export interface KindData {
  INVITATION: { displayName: string; token: string; expiresAt: string };
  FUNDING_CALL_OPENED: {
    fundingCallId: string;
    title: string;
    funder: string;
    opensOn: string;
    closesOn: string;
  };
  ACTION_ITEM_ASSIGNED: ActionItemData;
  ACTION_ITEM_DUE_SOON: ActionItemData;
  ACTION_ITEM_OVERDUE: ActionItemData;
  REGISTRATION_ADMITTED: { eventId: string; eventTitle: string; startsOn: string };
  EVENT_CANCELLED: {
    eventId: string;
    eventTitle: string;
    startsOn: string;
    /** Why its managers cancelled it, when they said. */
    reason: string | null;
  };
  PROJECT_IDEA_STAGE_CHANGED: {
    ideaId: string;
    title: string;
    municipality: string;
    from: string;
    to: string;
  };
  REVIEWER_ASSIGNED: { ideaId: string; title: string; municipality: string };
  CONCLUSIONS_ADOPTED: { eventId: string; eventTitle: string; actionCount: number };
  SECURITY_NOTICE: {
    event: 'PASSWORD_CHANGED' | 'SESSIONS_REVOKED';
    at: string;
    address: string | null;
  };
  QUESTIONNAIRE_DUE_SOON: QuestionnaireReminderData;
  QUESTIONNAIRE_OVERDUE: QuestionnaireReminderData;
  REGISTRAR_VERIFICATION: {
    requestId: string;
    service: string;
    municipality: string;
    /** The one-time secret confirming the address (its hash is what the request keeps). */
    token: string;
    expiresAt: string;
  };
  REGISTRAR_REQUEST_CHANGED: {
    requestId: string;
    service: string;
    municipality: string;
    status: string;
    message: string | null;
  };
  /** `token` is null once sent: the outbox forgets it, as it does an invitation's. */
  MAILING_LIST_CONFIRMATION: { listName: string; token: string | null; expiresAt: string };
  /** An issue of the bulletin, as rendered when sent, and the lists it came through. */
  BULLETIN: { bulletinId: string; listIds: string[]; subject: string; html: string; text: string };
  DAILY_DIGEST: { items: DigestItem[] };
}

export type DigestItem = {
  [K in Exclude<NotificationKind, 'DAILY_DIGEST'>]: { kind: K; data: KindData[K]; at: string };
}[Exclude<NotificationKind, 'DAILY_DIGEST'>];

/** The kinds a user chooses for (the digest is how some of them arrive, not a kind to pick). */
export const choosableKinds = [
  'INVITATION',
  'FUNDING_CALL_OPENED',
  'ACTION_ITEM_ASSIGNED',
  'ACTION_ITEM_DUE_SOON',
  'ACTION_ITEM_OVERDUE',
  'REGISTRATION_ADMITTED',
  'EVENT_CANCELLED',
  'PROJECT_IDEA_STAGE_CHANGED',
  'REVIEWER_ASSIGNED',
  'CONCLUSIONS_ADOPTED',
  'SECURITY_NOTICE',
  'QUESTIONNAIRE_DUE_SOON',
  'QUESTIONNAIRE_OVERDUE',
] as const satisfies readonly NotificationKind[];
