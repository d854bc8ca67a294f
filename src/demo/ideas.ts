// The project-idea workflow of seed 003 (day two) as demo data: the M&R template and a round
// whose rubric carries the seeds' two headline criteria, ideas of Ključ, Prijedor and Sanski
// Most at different stages, assessments, a proposal applied to a call and funded, and an open
// call.
import type { Transaction as Tx } from '../db/database.js';
import { Prisma, type ProjectIdeaStage } from '../generated/prisma/client.js';
import { weightedTotal } from '../modules/assessment/service.js';
import type { TemplateSection } from '../modules/ideas/template.js';

export const demoTemplateSections: TemplateSection[] = [
  {
    key: 'problem',
    title: 'Problem i ciljevi',
    fields: [
      {
        key: 'problem',
        label: 'Problem koji ideja rješava',
        type: 'TEXT',
        required: true,
        maxLength: 4000,
      },
      {
        key: 'objectives',
        label: 'Ciljevi',
        type: 'LIST',
        required: true,
        maxItems: 10,
        maxLength: 500,
      },
    ],
  },
  {
    key: 'diaspora',
    title: 'Angažman dijaspore',
    fields: [
      {
        key: 'diasporaEngagement',
        label: 'Kako se dijaspora uključuje',
        type: 'TEXT',
        required: true,
        maxLength: 4000,
      },
      {
        key: 'targetGroups',
        label: 'Ciljne grupe',
        type: 'LIST',
        required: true,
        maxItems: 10,
        maxLength: 300,
      },
    ],
  },
  {
    key: 'strategy',
    title: 'Veza sa strategijom razvoja',
    fields: [
      {
        key: 'strategyMeasure',
        label: 'Mjera integrirane strategije razvoja',
        type: 'TEXT',
        required: true,
        maxLength: 500,
      },
      {
        key: 'area',
        label: 'Oblast',
        type: 'CHOICE',
        required: true,
        choices: [
          'Promocija investicionih projekata',
          'Mentorski programi za MSP',
          'Podsticajne mjere za dijasporu',
          'Jačanje domaće proizvodnje',
          'Poslovni susreti',
          'Podrška civilnom društvu',
          'Institucionalni kapaciteti',
        ],
      },
      {
        key: 'durationMonths',
        label: 'Trajanje (mjeseci)',
        type: 'NUMBER',
        required: false,
        min: 1,
        max: 36,
      },
    ],
  },
];

const criteria = [
  {
    name: 'Održivo partnerstvo lokalne zajednice i dijaspore',
    description: 'U kojoj mjeri ideja stimulira održiva partnerstva lokalne zajednice i dijaspore.',
    weight: 3,
  },
  {
    name: 'Angažman dijaspore doprinosi lokalnom socio-ekonomskom razvoju',
    description: 'Praktične inicijative u kojima angažman dijaspore doprinosi lokalnom razvoju.',
    weight: 3,
  },
  { name: 'Utemeljenost u strategiji razvoja i godišnjem planu', weight: 2 },
  { name: 'Izvodljivost i budžet', weight: 1 },
];

interface DemoIdea {
  municipality: string;
  title: string;
  stage: ProjectIdeaStage;
  budget: string;
  thematicAreas: string[];
  fields: Record<string, unknown>;
  /** The recenzent's scores per criterion, when assessed; null: assigned, not yet scored. */
  scores?: number[] | null;
}

const ideas: DemoIdea[] = [
  {
    municipality: 'Ključ',
    title: 'Info tačka za investitore iz dijaspore',
    stage: 'FUNDED',
    budget: '60000.00',
    thematicAreas: ['investicije', 'MSP'],
    fields: {
      problem:
        'Investitori iz dijaspore ne nalaze na jednom mjestu informacije o lokacijama i podsticajima.',
      objectives: ['Info tačka u Centru za razvoj biznisa', 'Katalog investicionih lokacija'],
      diasporaEngagement: 'Udruženje "Prijatelji Ključa" (Švicarska) mentoriše i promovira ponudu.',
      targetGroups: ['investitori iz dijaspore', 'lokalni poduzetnici'],
      strategyMeasure: 'Strategija razvoja 2014–2023, mjera 1.2: privlačenje investicija',
      area: 'Promocija investicionih projekata',
      durationMonths: 12,
    },
    scores: [5, 4, 4, 3],
  },
  {
    municipality: 'Prijedor',
    title: 'Virtuelni matičar – standardni model za sve JLS',
    stage: 'UNDER_ASSESSMENT',
    budget: '25000.00',
    thematicAreas: ['institucionalni kapaciteti'],
    fields: {
      problem: 'Dijaspora dolazi lično po izvode iz matičnih knjiga.',
      objectives: ['Tipski model izdavanja dokumenata putem web stranice'],
      diasporaEngagement: 'Korisnici iz dijaspore testiraju uslugu i daju povratne informacije.',
      targetGroups: ['dijaspora', 'matične službe JLS'],
      strategyMeasure: 'Mjera 4.1: e-uprava',
      area: 'Institucionalni kapaciteti',
    },
    scores: null,
  },
  {
    municipality: 'Sanski Most',
    title: 'Mentorski program za MSP uz stručnjake iz dijaspore',
    stage: 'SUBMITTED',
    budget: '40000.00',
    thematicAreas: ['MSP'],
    fields: {
      problem: 'Malim preduzećima nedostaje znanje o izvoznim tržištima.',
      objectives: ['20 MSP sa mentorom iz dijaspore'],
      diasporaEngagement: 'Stručnjaci iz dijaspore kao mentori.',
      targetGroups: ['MSP'],
      strategyMeasure: 'Mjera 2.3: razvoj MSP',
      area: 'Mentorski programi za MSP',
    },
  },
  {
    municipality: 'Ključ',
    title: 'Dani dijaspore – poslovni susreti',
    stage: 'DRAFT',
    budget: '15000.00',
    thematicAreas: ['poslovni susreti'],
    fields: { problem: 'Nacrt.', area: 'Poslovni susreti' },
  },
];

/** The path each demo stage was reached by, from DRAFT. */
const paths: Record<string, ProjectIdeaStage[]> = {
  DRAFT: [],
  SUBMITTED: ['SUBMITTED'],
  UNDER_ASSESSMENT: ['SUBMITTED', 'UNDER_ASSESSMENT'],
  FUNDED: [
    'SUBMITTED',
    'UNDER_ASSESSMENT',
    'SHORTLISTED',
    'PROPOSAL_IN_PREPARATION',
    'PROPOSAL_READY',
    'APPLIED',
    'FUNDED',
  ],
};
const programmeTeamSteps = new Set<ProjectIdeaStage>([
  'UNDER_ASSESSMENT',
  'SHORTLISTED',
  'NOT_SHORTLISTED',
  'FUNDED',
  'NOT_FUNDED',
]);

export async function loadIdeasDemo(
  tx: Tx,
  programmeIds: Map<string, string>,
  municipalityIds: Map<string, string>,
  orgIds: Map<string, string>,
): Promise<void> {
  const id = (ids: Map<string, string>, key: string) => {
    const value = ids.get(key);
    if (!value) throw new Error(`demo data: no ${key}`);
    return value;
  };
  const programmeId = id(programmeIds, 'M&R');
  const users = new Map(
    (await tx.user.findMany({ select: { id: true, email: true, displayName: true } })).map((u) => [
      u.email,
      u,
    ]),
  );
  const admin = users.get('admin@veza.test')!;
  const coordinator = users.get('koordinator.kljuc@veza.test')!;
  const reviewer = users.get('recenzent@veza.test')!;
  // UNDP ran M&R: its partner account follows the round live.
  await tx.roleAssignment.create({
    data: { userId: users.get('partner@veza.test')!.id, role: 'PARTNER', programmeId },
  });

  const template = await tx.projectIdeaTemplate.create({
    data: {
      programmeId,
      version: 1,
      name: 'Obrazac za razradu projektnih ideja',
      sections: demoTemplateSections as unknown as Prisma.InputJsonValue,
      createdAt: new Date('2015-04-10T09:00:00Z'),
    },
  });
  const round = await tx.projectIdeaRound.create({
    data: {
      programmeId,
      name: 'Prioritetne projektne ideje 2015',
      scaleMax: 5,
      createdAt: new Date('2015-04-10T09:00:00Z'),
      criteria: { create: criteria.map((criterion, position) => ({ ...criterion, position })) },
    },
    include: { criteria: { orderBy: { position: 'asc' } } },
  });

  const closedCall = await tx.fundingCall.create({
    data: {
      funderId: id(orgIds, 'CH-GOV'),
      programmeId,
      title: 'Javni poziv za lokalne inicijative dijaspore 2016',
      totalBudget: '1000000.00',
      minGrant: '20000.00',
      maxGrant: '80000.00',
      opensOn: new Date('2016-02-01'),
      closesOn: new Date('2016-03-31'),
      eligibility: 'JLS partneri projekta Migracije i razvoj s potpunim projektnim prijedlogom.',
      thematicAreas: ['investicije', 'MSP', 'institucionalni kapaciteti'],
    },
  });
  await tx.fundingCall.create({
    data: {
      funderId: id(orgIds, 'MLJPI'),
      title: 'Javni poziv za projekte saradnje JLS i dijaspore 2026/2027',
      totalBudget: '500000.00',
      minGrant: '10000.00',
      maxGrant: '50000.00',
      opensOn: new Date('2026-10-01'),
      closesOn: new Date('2027-03-31'),
      eligibility: 'Sve JLS u BiH; prednost imaju projekti sa partnerima iz dijaspore.',
      thematicAreas: ['MSP', 'poslovni susreti', 'institucionalni kapaciteti'],
    },
  });

  let day = Date.parse('2015-05-04T09:00:00Z');
  const nextDay = () => new Date((day += 86_400_000 * 7));
  for (const idea of ideas) {
    const row = await tx.projectIdea.create({
      data: {
        roundId: round.id,
        programmeId,
        municipalityId: id(municipalityIds, idea.municipality),
        templateId: template.id,
        title: idea.title,
        fields: idea.fields as Prisma.InputJsonValue,
        thematicAreas: idea.thematicAreas,
        estimatedBudget: idea.budget,
        stage: idea.stage,
        createdById: idea.municipality === 'Ključ' ? coordinator.id : null,
        createdAt: new Date(day),
      },
    });
    const path = paths[idea.stage]!;
    let from: ProjectIdeaStage = 'DRAFT';
    for (const to of path) {
      const actor = programmeTeamSteps.has(to)
        ? admin
        : idea.municipality === 'Ključ'
          ? coordinator
          : null;
      await tx.projectIdeaTransition.create({
        data: {
          ideaId: row.id,
          fromStage: from,
          toStage: to,
          actorId: actor?.id,
          actorName: actor?.displayName ?? `Koordinator, ${idea.municipality}`,
          createdAt: nextDay(),
        },
      });
      if (to === 'SHORTLISTED') {
        await tx.expertSupportNote.create({
          data: {
            ideaId: row.id,
            authorId: admin.id,
            text: 'Razraditi budžet po aktivnostima i potvrditi partnerstvo sa udruženjem.',
            createdAt: new Date(day),
          },
        });
      }
      from = to;
    }
    if (idea.scores !== undefined) {
      const scores = idea.scores;
      const total = scores
        ? weightedTotal(round.criteria.map((c, i) => ({ weight: c.weight, score: scores[i]! })))
        : null;
      await tx.assessment.create({
        data: {
          ideaId: row.id,
          reviewerId: reviewer.id,
          reviewerName: reviewer.displayName,
          submittedAt: scores ? new Date(day) : null,
          weightedTotal: total,
          comment: scores ? 'Snažno partnerstvo s udruženjem iz dijaspore.' : null,
          scores: scores
            ? { create: round.criteria.map((c, i) => ({ criterionId: c.id, score: scores[i]! })) }
            : undefined,
        },
      });
      if (total)
        await tx.projectIdea.update({ where: { id: row.id }, data: { weightedScore: total } });
    }
    if (idea.stage === 'FUNDED') {
      const prijatelji = await tx.organization.findFirstOrThrow({
        where: { name: 'Prijatelji Ključa' },
      });
      await tx.projectProposal.create({
        data: {
          ideaId: row.id,
          summary:
            'Info tačka u Centru za razvoj biznisa Ključ, sa katalogom lokacija i mentorstvom iz dijaspore.',
          expectedResults: ['Otvorena info tačka', '5 investicija iz dijaspore za dvije godine'],
          timeline: [
            { activity: 'Uređenje info tačke', startsOn: '2016-05-01', endsOn: '2016-07-31' },
            { activity: 'Promocija u dijaspori', startsOn: '2016-08-01', endsOn: '2017-04-30' },
          ],
          budgetLines: {
            create: [
              { position: 0, description: 'Oprema i uređenje', amount: '20000.00' },
              { position: 1, description: 'Katalog lokacija i web', amount: '15000.00' },
              { position: 2, description: 'Promotivni događaji u dijaspori', amount: '25000.00' },
            ],
          },
          partners: {
            create: [
              {
                position: 0,
                organizationId: prijatelji.id,
                name: prijatelji.name,
                contribution: 'Mentorstvo i promocija u Švicarskoj',
              },
            ],
          },
        },
      });
      await tx.fundingApplication.create({
        data: {
          ideaId: row.id,
          callId: closedCall.id,
          requestedAmount: '60000.00',
          awardedAmount: '55000.00',
          status: 'AWARDED',
          submittedAt: new Date('2016-03-20T10:00:00Z'),
          decidedAt: new Date('2016-04-25T10:00:00Z'),
        },
      });
    }
  }
}
