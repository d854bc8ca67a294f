// One template per kind, in Bosnian and English. A template gives a subject, a few lines and
// at most one link; `renderEmail` turns them into the text and HTML parts of a message.
import type { Language, NotificationKind } from '../../generated/prisma/client.js';
import type { DigestItem, KindData } from './kinds.js';

export interface Rendered {
  subject: string;
  lines: string[];
  link?: { label: string; url: string };
  /** A body already in safe HTML (the bulletin), used instead of the lines in the HTML part. */
  html?: string;
}

type Template<K extends NotificationKind> = (
  data: KindData[K],
  language: Language,
  appUrl: string,
) => Rendered;

const stageNames: Record<string, [bs: string, en: string]> = {
  DRAFT: ['nacrt', 'draft'],
  SUBMITTED: ['podnesena', 'submitted'],
  UNDER_ASSESSMENT: ['u ocjenjivanju', 'under assessment'],
  SHORTLISTED: ['u užem izboru', 'shortlisted'],
  NOT_SHORTLISTED: ['nije u užem izboru', 'not shortlisted'],
  PROPOSAL_IN_PREPARATION: ['prijedlog u pripremi', 'proposal in preparation'],
  PROPOSAL_READY: ['prijedlog spreman', 'proposal ready'],
  APPLIED: ['prijavljena na poziv', 'applied'],
  FUNDED: ['finansirana', 'funded'],
  NOT_FUNDED: ['nije finansirana', 'not funded'],
  WITHDRAWN: ['povučena', 'withdrawn'],
};

const registrarStatusNames: Record<string, [bs: string, en: string]> = {
  RECEIVED: ['zaprimljen', 'received'],
  IN_PROCESS: ['u obradi', 'in process'],
  READY: ['dokument je spreman', 'document ready'],
  SENT: ['dokument je poslan', 'document sent'],
  PICKED_UP: ['dokument je preuzet', 'document picked up'],
  REJECTED: ['odbijen', 'rejected'],
  CANCELLED: ['otkazan', 'cancelled'],
};

const stage = (name: string, language: Language) =>
  stageNames[name]?.[language === 'BS' ? 0 : 1] ?? name;

/** 2026-11-25 → 25.11.2026. (Bosnian) or 25 Nov 2026 (English). */
function day(iso: string, language: Language): string {
  const date = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  if (language === 'BS') {
    const [y, m, d] = iso.slice(0, 10).split('-');
    return `${Number(d)}.${Number(m)}.${y}.`;
  }
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

const bs = (language: Language) => language === 'BS';

function actionItem(
  heading: [bs: string, en: string],
  data: KindData['ACTION_ITEM_ASSIGNED'],
  language: Language,
): Rendered {
  const due = data.dueDate
    ? bs(language)
      ? `Rok: ${day(data.dueDate, language)}`
      : `Due: ${day(data.dueDate, language)}`
    : bs(language)
      ? 'Bez roka'
      : 'No deadline';
  return {
    subject: `${heading[bs(language) ? 0 : 1]}: ${data.text}`,
    lines: [
      data.text,
      due,
      bs(language) ? `Zaključci: ${data.eventTitle}` : `Conclusions of: ${data.eventTitle}`,
    ],
  };
}

const templates: { [K in NotificationKind]: Template<K> } = {
  INVITATION: (data, language, appUrl) => ({
    subject: bs(language) ? 'Pozivnica u mrežu Veza' : 'Your invitation to Veza',
    lines: bs(language)
      ? [
          `Poštovani/a ${data.displayName},`,
          'pozvani ste u Vezu, mrežu saradnje s dijasporom. Postavite lozinku putem linka ispod.',
          `Pozivnica važi do ${day(data.expiresAt, language)}`,
        ]
      : [
          `Dear ${data.displayName},`,
          'you are invited to Veza, the diaspora cooperation network. Set your password with the link below.',
          `The invitation is valid until ${day(data.expiresAt, language)}`,
        ],
    link: {
      label: bs(language) ? 'Prihvatite pozivnicu' : 'Accept the invitation',
      url: `${appUrl}/invitation#token=${encodeURIComponent(data.token)}`,
    },
  }),
  FUNDING_CALL_OPENED: (data, language) => ({
    subject: bs(language)
      ? `Otvoren javni poziv: ${data.title}`
      : `A funding call opened: ${data.title}`,
    lines: bs(language)
      ? [
          `${data.funder} je otvorio javni poziv „${data.title}”.`,
          `Poziv je otvoren od ${day(data.opensOn, language)} do ${day(data.closesOn, language)}`,
        ]
      : [
          `${data.funder} opened the funding call "${data.title}".`,
          `It is open from ${day(data.opensOn, language)} to ${day(data.closesOn, language)}.`,
        ],
  }),
  ACTION_ITEM_ASSIGNED: (data, language) =>
    actionItem(['Dodijeljena vam je aktivnost', 'An action item is yours'], data, language),
  ACTION_ITEM_DUE_SOON: (data, language) =>
    actionItem(['Rok ističe za 3 dana', 'Due in 3 days'], data, language),
  ACTION_ITEM_OVERDUE: (data, language) => actionItem(['Rok je prošao', 'Overdue'], data, language),
  REGISTRATION_ADMITTED: (data, language) => ({
    subject: bs(language)
      ? `Mjesto je vaše: ${data.eventTitle}`
      : `You have a place: ${data.eventTitle}`,
    lines: bs(language)
      ? [
          `Oslobodilo se mjesto i vaša prijava na „${data.eventTitle}” je potvrđena.`,
          `Početak: ${day(data.startsOn, language)}`,
        ]
      : [
          `A place came free: your registration for "${data.eventTitle}" is confirmed.`,
          `Starts: ${day(data.startsOn, language)}`,
        ],
  }),
  EVENT_CANCELLED: (data, language) => ({
    subject: bs(language) ? `Otkazano: ${data.eventTitle}` : `Cancelled: ${data.eventTitle}`,
    lines: [
      bs(language)
        ? `Događaj „${data.eventTitle}” (početak ${day(data.startsOn, language)}) je otkazan.`
        : `"${data.eventTitle}" (starting ${day(data.startsOn, language)}) is cancelled.`,
      ...(data.reason ? [bs(language) ? `Razlog: ${data.reason}` : `Reason: ${data.reason}`] : []),
    ],
  }),
  PROJECT_IDEA_STAGE_CHANGED: (data, language) => ({
    subject: bs(language)
      ? `Projektna ideja „${data.title}”: ${stage(data.to, language)}`
      : `Project idea "${data.title}": ${stage(data.to, language)}`,
    lines: bs(language)
      ? [
          `Projektna ideja općine ${data.municipality} prešla je iz faze „${stage(data.from, language)}” u „${stage(data.to, language)}”.`,
        ]
      : [
          `${data.municipality}'s project idea moved from "${stage(data.from, language)}" to "${stage(data.to, language)}".`,
        ],
  }),
  REVIEWER_ASSIGNED: (data, language) => ({
    subject: bs(language) ? `Nova ocjena: ${data.title}` : `An idea to assess: ${data.title}`,
    lines: bs(language)
      ? [`Određeni ste da ocijenite projektnu ideju „${data.title}” (${data.municipality}).`]
      : [`You are assigned to assess the project idea "${data.title}" (${data.municipality}).`],
  }),
  CONCLUSIONS_ADOPTED: (data, language) => ({
    subject: bs(language)
      ? `Usvojeni zaključci: ${data.eventTitle}`
      : `Conclusions adopted: ${data.eventTitle}`,
    lines: bs(language)
      ? [
          `Zaključci i preporuke sa „${data.eventTitle}” su usvojeni.`,
          `Aktivnosti za praćenje: ${data.actionCount}`,
        ]
      : [
          `The conclusions and recommendations of "${data.eventTitle}" are adopted.`,
          `Action items to follow up: ${data.actionCount}`,
        ],
  }),
  SECURITY_NOTICE: (data, language) => {
    const what =
      data.event === 'PASSWORD_CHANGED'
        ? bs(language)
          ? 'Lozinka vašeg računa je promijenjena'
          : 'Your password was changed'
        : bs(language)
          ? 'Sve sesije vašeg računa su završene'
          : 'All sessions of your account were ended';
    const from = data.address
      ? bs(language)
        ? ` (adresa ${data.address})`
        : ` (from ${data.address})`
      : '';
    return {
      subject: bs(language) ? `Sigurnosno obavještenje: ${what}` : `Security notice: ${what}`,
      lines: [
        `${what}: ${new Date(data.at).toISOString().replace('T', ' ').slice(0, 16)} UTC${from}.`,
        bs(language)
          ? 'Ako to niste bili vi, odmah se obratite administratoru mreže.'
          : 'If this was not you, tell a network administrator at once.',
      ],
    };
  },
  QUESTIONNAIRE_DUE_SOON: (data, language) => ({
    subject: bs(language)
      ? `Rok za upitnik ističe ${day(data.closesOn, language)}: ${data.title}`
      : `Questionnaire due ${day(data.closesOn, language)}: ${data.title}`,
    lines: bs(language)
      ? [
          `Upitnik „${data.title}” za ${data.recipient} još nije dostavljen.`,
          `Rok: ${day(data.closesOn, language)}`,
        ]
      : [
          `The questionnaire "${data.title}" for ${data.recipient} is not submitted yet.`,
          `Due: ${day(data.closesOn, language)}`,
        ],
  }),
  QUESTIONNAIRE_OVERDUE: (data, language) => ({
    subject: bs(language)
      ? `Rok za upitnik je prošao: ${data.title}`
      : `Questionnaire overdue: ${data.title}`,
    lines: bs(language)
      ? [
          `Upitnik „${data.title}” za ${data.recipient} nije dostavljen do roka (${day(data.closesOn, language)}).`,
          'Molimo dostavite ga u što kraćem roku.',
        ]
      : [
          `The questionnaire "${data.title}" for ${data.recipient} was due on ${day(data.closesOn, language)}.`,
          'Please submit it as soon as possible.',
        ],
  }),
  REGISTRAR_VERIFICATION: (data, language, appUrl) => ({
    subject: bs(language)
      ? `Potvrdite zahtjev: ${data.service} (${data.municipality})`
      : `Confirm your request: ${data.service} (${data.municipality})`,
    lines: bs(language)
      ? [
          `Zatražili ste „${data.service}” od matičnog ureda: ${data.municipality}.`,
          'Zahtjev se obrađuje tek kad potvrdite ovu adresu e-pošte. Vaš kod za potvrdu:',
          data.token,
          `Kod važi do ${day(data.expiresAt, language)}; ako niste vi tražili, zanemarite poruku.`,
        ]
      : [
          `You asked ${data.municipality}'s registrar office for "${data.service}".`,
          'The request counts only once you confirm this e-mail address. Your confirmation code:',
          data.token,
          `The code is valid until ${day(data.expiresAt, language)}; if this was not you, ignore this message.`,
        ],
    link: {
      label: bs(language) ? 'Potvrdite zahtjev' : 'Confirm the request',
      url: `${appUrl}/registrar/verify#token=${encodeURIComponent(data.token)}`,
    },
  }),
  REGISTRAR_REQUEST_CHANGED: (data, language) => {
    const status = registrarStatusNames[data.status]?.[bs(language) ? 0 : 1] ?? data.status;
    return {
      subject: bs(language)
        ? `Vaš zahtjev (${data.service}): ${status}`
        : `Your request (${data.service}): ${status}`,
      lines: [
        bs(language)
          ? `Zahtjev za „${data.service}” (${data.municipality}) je sada: ${status}.`
          : `Your request for "${data.service}" (${data.municipality}) is now: ${status}.`,
        ...(data.message
          ? [
              bs(language)
                ? `Poruka matičnog ureda: ${data.message}`
                : `From the registrar office: ${data.message}`,
            ]
          : []),
        bs(language)
          ? 'Stanje pratite svojim kodom za praćenje.'
          : 'Follow it with your tracking code.',
      ],
    };
  },
  MAILING_LIST_CONFIRMATION: (data, language, appUrl) => ({
    subject: bs(language)
      ? `Potvrdite prijavu na listu „${data.listName}”`
      : `Confirm your subscription to "${data.listName}"`,
    lines: bs(language)
      ? [
          `Neko je ovu adresu prijavio na listu „${data.listName}”.`,
          'Ako ste to bili vi, potvrdite prijavu putem linka ispod; ako niste, zanemarite ovu poruku.',
          `Link važi do ${day(data.expiresAt, language)}`,
        ]
      : [
          `Someone signed this address up to the list "${data.listName}".`,
          'If it was you, confirm with the link below; if not, ignore this message.',
          `The link works until ${day(data.expiresAt, language)}`,
        ],
    link: {
      label: bs(language) ? 'Potvrdite prijavu' : 'Confirm the subscription',
      url: `${appUrl}/mailing-lists/confirm?token=${data.token ?? ''}`,
    },
  }),
  BULLETIN: (data) => ({ subject: data.subject, lines: data.text.split('\n'), html: data.html }),
  DAILY_DIGEST: (data, language, appUrl) => ({
    subject: bs(language)
      ? `Dnevni pregled: ${data.items.length} obavještenja`
      : `Daily digest: ${data.items.length} notifications`,
    lines: data.items.map((item: DigestItem) => `• ${renderOf(item, language, appUrl).subject}`),
  }),
};

function renderOf(item: DigestItem, language: Language, appUrl: string): Rendered {
  return (templates[item.kind] as Template<typeof item.kind>)(item.data as never, language, appUrl);
}

/** The subject, lines and link of one notification in one language. */
export function render<K extends NotificationKind>(
  kind: K,
  data: KindData[K],
  language: Language,
  appUrl: string,
): Rendered {
  return (templates[kind] as Template<K>)(data, language, appUrl);
}

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );

/** The text and HTML parts of an e-mail, with the unsubscribe link at the foot. */
export function renderEmail(
  rendered: Rendered,
  language: Language,
  unsubscribeUrl: string,
): { subject: string; text: string; html: string } {
  const footer = bs(language)
    ? 'Ne želite više ovakve poruke? Odjava jednim klikom:'
    : 'Do not want these messages? Unsubscribe with one click:';
  const text = [
    ...rendered.lines,
    ...(rendered.link ? ['', `${rendered.link.label}: ${rendered.link.url}`] : []),
    '',
    '--',
    'Veza',
    `${footer} ${unsubscribeUrl}`,
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${language.toLowerCase()}"><head><meta charset="utf-8">`,
    `<title>${escapeHtml(rendered.subject)}</title></head><body>`,
    ...(rendered.html !== undefined
      ? [rendered.html]
      : rendered.lines.map((line) => `<p>${escapeHtml(line)}</p>`)),
    rendered.link
      ? `<p><a href="${escapeHtml(rendered.link.url)}">${escapeHtml(rendered.link.label)}</a></p>`
      : '',
    `<hr><p style="font-size:small">Veza · ${escapeHtml(footer)} `,
    `<a href="${escapeHtml(unsubscribeUrl)}">${bs(language) ? 'odjava' : 'unsubscribe'}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: rendered.subject, text, html };
}
