// Questionnaires of seed 003 as demo data: the 2015 diaspora-status questionnaire (some
// municipalities submitted on time, some late, some in draft, some not started — "JLS koje do
// sada nisu dostavili upitnik … u što kraćem roku"), a 2018 campaign of a second version with
// the same keys, and the call for topics of the fourth coordinators' meeting (by 16 April 2015).
import type { Transaction as Tx } from '../db/database.js';
import type { Prisma } from '../generated/prisma/client.js';
import { allQuestions, checkAnswers, type Section } from '../modules/questionnaires/definition.js';

/** The diaspora-status questions; keys stay the same in every version and year. */
export const diasporaStatusSections: Section[] = [
  {
    titleBs: 'Dijaspora',
    titleEn: 'Diaspora',
    questions: [
      {
        key: 'diaspora_size',
        type: 'NUMBER',
        labelBs: 'Procijenjeni broj iseljenika',
        labelEn: 'Estimated diaspora size',
        unit: 'osoba',
        min: 0,
        max: 1000000,
        required: true,
      },
      {
        key: 'has_office',
        type: 'YES_NO',
        labelBs: 'Ima li općina ured ili info tačku za dijasporu?',
        labelEn: 'Does the municipality run a diaspora office or info point?',
        required: true,
      },
      {
        key: 'office_since',
        type: 'DATE',
        labelBs: 'Od kada radi ured?',
        labelEn: 'Since when has the office been open?',
        required: true,
        showWhen: { questionKey: 'has_office', equals: true },
      },
      {
        key: 'areas',
        type: 'MULTI_CHOICE',
        labelBs: 'Oblasti saradnje',
        labelEn: 'Areas of cooperation',
        required: false,
        options: [
          { value: 'investment', labelBs: 'Investicije', labelEn: 'Investment' },
          { value: 'knowhow', labelBs: 'Transfer znanja', labelEn: 'Know-how transfer' },
          { value: 'culture', labelBs: 'Kultura', labelEn: 'Culture' },
        ],
      },
      {
        key: 'main_country',
        type: 'COUNTRY',
        labelBs: 'Zemlja s najviše iseljenika',
        labelEn: 'Country with the largest diaspora',
        required: true,
      },
      {
        key: 'associations',
        type: 'GROUP',
        labelBs: 'Udruženja dijaspore',
        labelEn: 'Diaspora associations',
        helpBs: 'Jedan red po udruženju.',
        required: false,
        maxRows: 20,
        subQuestions: [
          { key: 'name', type: 'TEXT', labelBs: 'Naziv', labelEn: 'Name', required: true },
          {
            key: 'country',
            type: 'COUNTRY',
            labelBs: 'Zemlja',
            labelEn: 'Country',
            required: true,
          },
          {
            key: 'members',
            type: 'NUMBER',
            labelBs: 'Broj članova',
            labelEn: 'Members',
            min: 0,
            required: false,
          },
        ],
      },
      {
        key: 'remarks',
        type: 'LONG_TEXT',
        labelBs: 'Napomene',
        labelEn: 'Remarks',
        required: false,
      },
    ],
  },
];

const topicSections: Section[] = [
  {
    titleBs: 'Prijedlozi tema',
    titleEn: 'Proposed topics',
    questions: [
      {
        key: 'topics',
        type: 'GROUP',
        labelBs: 'Teme za četvrti sastanak, prema potrebama JLS',
        labelEn: 'Topics for the fourth meeting, as the municipality needs',
        required: true,
        maxRows: 5,
        subQuestions: [
          { key: 'topic', type: 'TEXT', labelBs: 'Tema', labelEn: 'Topic', required: true },
          {
            key: 'why',
            type: 'LONG_TEXT',
            labelBs: 'Obrazloženje',
            labelEn: 'Why',
            required: false,
          },
        ],
      },
    ],
  },
];

type Answers = Record<string, unknown>;
type Status = 'SUBMITTED' | 'DRAFT' | 'NOT_STARTED';
/** [municipality, status, submitted or saved on (YYYY-MM-DD), answers] */
type DemoReturn = [string, Status, string | null, Answers];

const association = (name: string, country: string, members: number) => ({
  name,
  country,
  members,
});

const returns2015: DemoReturn[] = [
  [
    'Ključ',
    'SUBMITTED',
    '2015-03-10',
    {
      diaspora_size: 12000,
      has_office: true,
      office_since: '2014-05-01',
      main_country: 'CH',
      areas: ['investment', 'culture'],
      associations: [
        association('Prijatelji Ključa', 'CH', 120),
        association('Udruženje Ključana Beč', 'AT', 80),
      ],
    },
  ],
  [
    'Prijedor',
    'SUBMITTED',
    '2015-03-12',
    {
      diaspora_size: 25000,
      has_office: true,
      office_since: '2013-09-01',
      main_country: 'DE',
      areas: ['investment', 'knowhow'],
      associations: [association('Prijedorčani u Njemačkoj', 'DE', 300)],
    },
  ],
  [
    'Sanski Most',
    'SUBMITTED',
    '2015-03-24',
    {
      diaspora_size: 18000,
      has_office: false,
      main_country: 'SE',
      areas: ['culture'],
      associations: [
        association('Sanjani u Švedskoj', 'SE', 150),
        association('Sana klub Chicago', 'US', 60),
      ],
    },
  ],
  [
    'Zenica',
    'SUBMITTED',
    '2015-04-02',
    {
      diaspora_size: 30000,
      has_office: false,
      main_country: 'DE',
      areas: ['investment'],
    },
  ],
  ['Novi Grad Sarajevo', 'DRAFT', '2015-03-20', { diaspora_size: 15000, has_office: true }],
  ['Trnovo', 'DRAFT', '2015-03-11', { has_office: false }],
  ['Žepče', 'NOT_STARTED', null, {}],
  ['Bihać', 'NOT_STARTED', null, {}],
];

const returns2018: DemoReturn[] = [
  [
    'Ključ',
    'SUBMITTED',
    '2018-06-20',
    {
      diaspora_size: 15000,
      has_office: true,
      office_since: '2014-05-01',
      main_country: 'CH',
      areas: ['investment', 'knowhow', 'culture'],
      associations: [
        association('Prijatelji Ključa', 'CH', 150),
        association('Udruženje Ključana Beč', 'AT', 90),
        association('Ključani Švedska', 'SE', 40),
      ],
    },
  ],
  [
    'Prijedor',
    'SUBMITTED',
    '2018-06-25',
    {
      diaspora_size: 27000,
      has_office: true,
      office_since: '2013-09-01',
      main_country: 'DE',
      areas: ['investment', 'knowhow'],
      associations: [
        association('Prijedorčani u Njemačkoj', 'DE', 340),
        association('Prijedor Club Wien', 'AT', 70),
      ],
    },
  ],
  [
    'Sanski Most',
    'SUBMITTED',
    '2018-06-28',
    {
      diaspora_size: 19500,
      has_office: true,
      office_since: '2017-02-01',
      main_country: 'SE',
      areas: ['culture', 'investment'],
      associations: [
        association('Sanjani u Švedskoj', 'SE', 170),
        association('Sana klub Chicago', 'US', 65),
      ],
    },
  ],
  [
    'Zenica',
    'SUBMITTED',
    '2018-06-29',
    {
      diaspora_size: 33000,
      has_office: true,
      office_since: '2017-03-01',
      main_country: 'DE',
      areas: ['investment'],
      associations: [association('Zeničani u Njemačkoj', 'DE', 200)],
    },
  ],
  [
    'Novi Grad Sarajevo',
    'SUBMITTED',
    '2018-07-05',
    {
      diaspora_size: 16000,
      has_office: true,
      office_since: '2016-01-15',
      main_country: 'AT',
    },
  ],
  ['Žepče', 'DRAFT', '2018-06-15', { diaspora_size: 6000 }],
];

const topicReturns: DemoReturn[] = [
  [
    'Ključ',
    'SUBMITTED',
    '2015-04-10',
    {
      topics: [
        { topic: 'Mapiranje dijaspore i baza podataka', why: 'Ne znamo gdje su naši iseljenici.' },
      ],
    },
  ],
  [
    'Prijedor',
    'SUBMITTED',
    '2015-04-15',
    {
      topics: [
        { topic: 'Virtuelni matičar za dijasporu', why: 'Iskustva Prijedora i Sanskog Mosta.' },
        { topic: 'Poticaji za investicije iz dijaspore' },
      ],
    },
  ],
  ['Sanski Most', 'DRAFT', '2015-04-14', { topics: [{ topic: 'Saradnja s medijima dijaspore' }] }],
  ['Zenica', 'NOT_STARTED', null, {}],
];

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** Work hours in Sarajevo (UTC+1/+2): noon UTC stays the same calendar day. */
const at = (iso: string) => new Date(`${iso}T12:00:00Z`);

export async function loadQuestionnairesDemo(
  tx: Tx,
  programmeIds: Map<string, string>,
  municipalityIds: Map<string, string>,
): Promise<void> {
  const municipality = (name: string) => {
    const id = municipalityIds.get(name);
    if (!id) throw new Error(`demo data: no municipality ${name}`);
    return id;
  };
  const json = (value: unknown) => value as Prisma.InputJsonValue;
  const status = await tx.questionnaire.create({
    data: {
      programmeId: null,
      titleBs: 'Upitnik o pregledu stanja dijaspore',
      titleEn: 'Diaspora status questionnaire',
      versions: {
        create: [
          { number: 1, sections: json(diasporaStatusSections), publishedAt: at('2015-02-02') },
          { number: 2, sections: json(diasporaStatusSections), publishedAt: at('2018-05-02') },
        ],
      },
    },
    include: { versions: { orderBy: { number: 'asc' } } },
  });
  const topics = await tx.questionnaire.create({
    data: {
      programmeId: programmeIds.get('M&R') ?? null,
      titleBs: 'Prijedlozi tema za četvrti sastanak kontakt osoba / koordinatora za iseljenike',
      titleEn: 'Topics for the fourth meeting of diaspora contact persons / coordinators',
      versions: {
        create: { number: 1, sections: json(topicSections), publishedAt: at('2015-03-26') },
      },
    },
    include: { versions: true },
  });
  const campaigns: [Prisma.QuestionnaireCampaignUncheckedCreateInput, DemoReturn[]][] = [
    [
      {
        versionId: status.versions[0]!.id,
        programmeId: programmeIds.get('M&R') ?? null,
        title: 'Pregled stanja dijaspore 2015',
        opensOn: day('2015-02-02'),
        closesOn: day('2015-03-13'),
      },
      returns2015,
    ],
    [
      {
        versionId: status.versions[1]!.id,
        programmeId: programmeIds.get('D4D') ?? null,
        title: 'Pregled stanja dijaspore 2018',
        opensOn: day('2018-05-02'),
        closesOn: day('2018-06-29'),
      },
      returns2018,
    ],
    [
      {
        versionId: topics.versions[0]!.id,
        programmeId: programmeIds.get('M&R') ?? null,
        kind: 'CALL_FOR_INPUT',
        title: 'Prijedlozi tema za četvrti sastanak koordinatora',
        opensOn: day('2015-03-26'),
        closesOn: day('2015-04-16'),
      },
      topicReturns,
    ],
  ];
  for (const [campaign, demoReturns] of campaigns) {
    // Submitted answers pass the checks a submission passes (drafts: its shape).
    const questions = allQuestions(
      campaign.versionId === topics.versions[0]!.id ? topicSections : diasporaStatusSections,
    );
    for (const [name, returnStatus, , answers] of demoReturns) {
      const { errors } = checkAnswers(questions, answers, returnStatus === 'SUBMITTED');
      if (errors.length) throw new Error(`demo data: ${name}: ${JSON.stringify(errors)}`);
    }
    await tx.questionnaireCampaign.create({
      data: {
        ...campaign,
        returns: {
          create: demoReturns.map(([name, returnStatus, on, answers]) => ({
            municipalityId: municipality(name),
            status: returnStatus,
            answers: json(answers),
            savedAt: on ? at(on) : null,
            submittedAt: returnStatus === 'SUBMITTED' && on ? at(on) : null,
          })),
        },
      },
    });
  }
}
