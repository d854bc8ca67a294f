import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { editableMunicipalities, viewsProgrammeDashboard } from '../accounts/grants.js';
import { EventKindEnum } from '../events/schema.js';
import { ProjectIdeaStageEnum } from '../ideas/schema.js';
import { MoneyRef } from '../memoranda/schema.js';
import { StakeholderGroupEnum } from '../events/participants.js';
import { AdministrativeUnitEnum } from '../municipalities/schema.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { loadDashboard, type ProgrammeDashboard } from './sections.js';
import { totalOrNull, withMinimumGroupSize } from '../diaspora/group-size.js';
import { memberCountType } from '../diaspora/schema.js';
import type { DiasporaFigures } from './sections/diaspora.js';
import type { ActionItemFigures, OwnerActionItems } from './sections/action-items.js';
import type { EventFigures, EventKindFigure } from './sections/events.js';
import type { IdeaFigures, StageFigure } from './sections/ideas.js';
import type { MoneyFigures } from './sections/money.js';
import type { CommunicationFigures } from './sections/communication.js';
import type { RegistrarFigures } from './sections/registrar.js';
import type { StakeholderFigure } from './sections/participants.js';
import type {
  AdministrativeUnitFigure,
  CohortFigure,
  PartnerFigures,
} from './sections/partners.js';

// Every figure is an aggregate: whoever may see the dashboard may see all of its fields.
const visible = { authScopes: { public: true } } as const;

// --- Types: one per section ------------------------------------------------------------------

const CohortFigureRef = builder.objectRef<CohortFigure>('DashboardCohort').implement({
  description: 'Partner municipalities that joined the programme together, as one cohort.',
  ...visible,
  fields: (t) => ({
    cohort: t.exposeString('cohort', {
      description: 'The cohort’s name (`ProgrammePartnership.cohort`).',
      ...visible,
    }),
    joinedOn: t.expose('joinedOn', {
      type: 'Date',
      description: 'Its first partner joined.',
      ...visible,
    }),
    partners: t.exposeInt('partners', { description: 'Partners in the cohort.', ...visible }),
    active: t.exposeInt('active', { description: 'Partnerships not ENDED.', ...visible }),
  }),
});

const AdministrativeUnitFigureRef = builder
  .objectRef<AdministrativeUnitFigure>('DashboardAdministrativeUnit')
  .implement({
    description: 'Partner municipalities in one administrative unit (entity or Brčko District).',
    ...visible,
    fields: (t) => ({
      administrativeUnit: t.expose('administrativeUnit', {
        type: AdministrativeUnitEnum,
        description: 'The unit.',
        ...visible,
      }),
      partners: t.exposeInt('partners', { description: 'Partners in it.', ...visible }),
    }),
  });

const PartnerFiguresRef = builder.objectRef<PartnerFigures>('DashboardPartners').implement({
  description: 'Partner municipalities (partnerships not archived).',
  ...visible,
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'All partner municipalities.', ...visible }),
    active: t.exposeInt('active', { description: 'Partnerships not ENDED.', ...visible }),
    byCohort: t.field({
      type: [CohortFigureRef],
      description: 'In the order cohorts joined.',
      ...visible,
      resolve: (figures) => figures.byCohort,
    }),
    byAdministrativeUnit: t.field({
      type: [AdministrativeUnitFigureRef],
      description: 'One entry per unit with partners.',
      ...visible,
      resolve: (figures) => figures.byAdministrativeUnit,
    }),
  }),
});

const CountFigureRef = memberCountType('DashboardCount', 'The country code or interest.');

const DiasporaFiguresRef = builder.objectRef<DiasporaFigures>('DashboardDiaspora').implement({
  description:
    'Diaspora members from partner municipalities with active consent (counts only, no ' +
    'personal data). No figure describes fewer members than `minimumGroupSize`.',
  ...visible,
  fields: (t) => ({
    mapped: t.int({
      nullable: true,
      description: 'Null when fewer than `minimumGroupSize`.',
      ...visible,
      resolve: (figures, _args, ctx) => totalOrNull(figures.mapped, ctx.config.minGroupSize),
    }),
    minimumGroupSize: t.int({
      description: 'MIN_GROUP_SIZE: smaller groups have no count.',
      ...visible,
      resolve: (_figures, _args, ctx) => ctx.config.minGroupSize,
    }),
    byCountry: t.field({
      type: [CountFigureRef],
      description: 'ISO 3166-1 alpha-2 codes, largest first (withheld groups last).',
      ...visible,
      resolve: (figures, _args, ctx) =>
        withMinimumGroupSize(figures.byCountry, ctx.config.minGroupSize, { partition: true }),
    }),
    byInterest: t.field({
      type: [CountFigureRef],
      description:
        'DiasporaInterest values, largest first (withheld groups last); a member counts once ' +
        'per interest.',
      ...visible,
      resolve: (figures, _args, ctx) =>
        withMinimumGroupSize(figures.byInterest, ctx.config.minGroupSize, { partition: false }),
    }),
  }),
});

const EventKindFigureRef = builder.objectRef<EventKindFigure>('DashboardEventKind').implement({
  description: 'The programme’s events of one kind.',
  ...visible,
  fields: (t) => ({
    kind: t.expose('kind', { type: EventKindEnum, description: 'The kind.', ...visible }),
    held: t.exposeInt('held', { description: 'Ended before today.', ...visible }),
    upcoming: t.exposeInt('upcoming', { description: 'Not yet ended.', ...visible }),
  }),
});

const EventFiguresRef = builder.objectRef<EventFigures>('DashboardEvents').implement({
  description: 'The programme’s events: held (ended before today) and upcoming.',
  ...visible,
  fields: (t) => ({
    held: t.exposeInt('held', { description: 'Ended before today.', ...visible }),
    upcoming: t.exposeInt('upcoming', { description: 'Not yet ended.', ...visible }),
    byKind: t.field({
      type: [EventKindFigureRef],
      description: 'One entry per kind with events.',
      ...visible,
      resolve: (f) => f.byKind,
    }),
  }),
});

const StakeholderFigureRef = builder
  .objectRef<StakeholderFigure>('DashboardStakeholderGroup')
  .implement({
    description: 'Registered participants of the programme’s held events in one group.',
    ...visible,
    fields: (t) => ({
      stakeholderGroup: t.expose('stakeholderGroup', {
        type: StakeholderGroupEnum,
        description: 'The group.',
        ...visible,
      }),
      participants: t.exposeInt('participants', {
        description: 'Participants in it, over all held events.',
        ...visible,
      }),
    }),
  });

const OwnerActionItemsRef = builder
  .objectRef<OwnerActionItems>('DashboardActionItemOwner')
  .implement({
    description: 'One owner municipality’s shares of the programme’s action items.',
    ...visible,
    fields: (t) => ({
      municipalityId: t.id({
        description: 'The municipality’s global `id`.',
        ...visible,
        resolve: (owner) => encodeGlobalID('Municipality', owner.municipalityId!),
      }),
      municipalityName: t.string({
        description: 'The municipality’s name.',
        ...visible,
        resolve: (owner) => owner.municipalityName!,
      }),
      open: t.exposeInt('open', { description: 'Its shares OPEN or IN_PROGRESS.', ...visible }),
      overdue: t.exposeInt('overdue', {
        description: 'Its open shares past the due date.',
        ...visible,
      }),
      done: t.exposeInt('done', { description: 'Its shares DONE.', ...visible }),
    }),
  });

const ActionItemFiguresRef = builder
  .objectRef<ActionItemFigures>('DashboardActionItems')
  .implement({
    description:
      'Action items adopted at the programme’s events: open (OPEN or IN_PROGRESS), overdue ' +
      '(open past the due date), done; by owner municipality.',
    ...visible,
    fields: (t) => ({
      open: t.exposeInt('open', { description: 'OPEN or IN_PROGRESS.', ...visible }),
      overdue: t.exposeInt('overdue', { description: 'Open and past the due date.', ...visible }),
      done: t.exposeInt('done', { description: 'DONE.', ...visible }),
      byOwnerMunicipality: t.field({
        type: [OwnerActionItemsRef],
        description:
          'Each municipality’s own shares of the actions it owes (alone or with others), by name.',
        ...visible,
        resolve: (figures) => figures.byOwnerMunicipality,
      }),
    }),
  });

const StageFigureRef = builder.objectRef<StageFigure>('DashboardIdeaStage').implement({
  description: 'The programme’s project ideas in one stage.',
  ...visible,
  fields: (t) => ({
    stage: t.expose('stage', { type: ProjectIdeaStageEnum, description: 'The stage.', ...visible }),
    ideas: t.exposeInt('ideas', { description: 'Ideas in it now.', ...visible }),
  }),
});

const IdeaFiguresRef = builder.objectRef<IdeaFigures>('DashboardProjectIdeas').implement({
  description: 'The programme’s project ideas by stage, in the workflow’s order.',
  ...visible,
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'All the programme’s ideas.', ...visible }),
    byStage: t.field({
      type: [StageFigureRef],
      description: 'One entry per stage with ideas.',
      ...visible,
      resolve: (f) => f.byStage,
    }),
  }),
});

const MoneyFiguresRef = builder.objectRef<MoneyFigures>('DashboardMoney').implement({
  description: 'One amount per currency in each list.',
  ...visible,
  fields: (t) => ({
    requested: t.field({
      type: [MoneyRef],
      description: 'Asked for in the ideas’ applications to funding calls.',
      ...visible,
      resolve: (f) => f.requested,
    }),
    awarded: t.field({
      type: [MoneyRef],
      description: 'Awarded to those applications.',
      ...visible,
      resolve: (f) => f.awarded,
    }),
    committed: t.field({
      type: [MoneyRef],
      description: 'Committed by the programme’s memoranda of cooperation.',
      ...visible,
      resolve: (f) => f.committed,
    }),
  }),
});

const CommunicationFiguresRef = builder
  .objectRef<CommunicationFigures>('DashboardCommunication')
  .implement({
    description:
      'The programme’s bulletins sent and what became of their e-mails (summed over the issues, ' +
      'as each bulletin’s counts), and its stories published.',
    ...visible,
    fields: (t) => ({
      bulletinsSent: t.exposeInt('bulletinsSent', {
        description: 'Bulletin issues sent.',
        ...visible,
      }),
      recipients: t.exposeInt('recipients', {
        description: 'E-mails of those issues, one per address and issue.',
        ...visible,
      }),
      sent: t.exposeInt('sent', { description: 'Accepted by the mail server.', ...visible }),
      pending: t.exposeInt('pending', { description: 'Not yet delivered.', ...visible }),
      failed: t.exposeInt('failed', { description: 'Failed or rejected.', ...visible }),
      withheld: t.exposeInt('withheld', {
        description: 'Not sent: the address is suppressed.',
        ...visible,
      }),
      unsubscribedSince: t.exposeInt('unsubscribedSince', {
        description: 'Recipients who left the issue’s lists (or all e-mail) since it was sent.',
        ...visible,
      }),
      goodPracticesPublished: t.exposeInt('goodPracticesPublished', {
        description: 'Published stories of kind GOOD_PRACTICE.',
        ...visible,
      }),
      newsPublished: t.exposeInt('newsPublished', {
        description: 'Published stories of kind NEWS.',
        ...visible,
      }),
    }),
  });

const RegistrarFiguresRef = builder.objectRef<RegistrarFigures>('DashboardRegistrar').implement({
  description:
    'The virtual registrar among the programme’s active partner municipalities, and their ' +
    'requests (counts only).',
  ...visible,
  fields: (t) => ({
    partners: t.exposeInt('partners', {
      description: 'Active partner municipalities.',
      ...visible,
    }),
    adopted: t.exposeInt('adopted', { description: 'Taking requests.', ...visible }),
    inProgress: t.exposeInt('inProgress', {
      description: 'Adopting the standard model, not yet taking requests.',
      ...visible,
    }),
    notStarted: t.exposeInt('notStarted', {
      description: 'Not adopting the model at all.',
      ...visible,
    }),
    openRequests: t.exposeInt('openRequests', {
      description: 'Confirmed requests not yet closed.',
      ...visible,
    }),
    overdueRequests: t.exposeInt('overdueRequests', {
      description: 'Still being processed past their due day.',
      ...visible,
    }),
  }),
});

const ProgrammeDashboardRef = builder
  .objectRef<ProgrammeDashboard>('ProgrammeDashboard')
  .implement({
    description:
      'A programme’s figures for its partners and network, aggregates only. Seen by the ' +
      'programme’s administrators, partners (donors, agencies) and reviewers, and by ' +
      'coordinators and deputies of its partner municipalities.',
    ...visible,
    fields: (t) => ({
      programme: t.field({
        type: ProgrammeNode,
        description: 'Loaded on demand (one query per dashboard delivered).',
        ...visible,
        resolve: (dashboard, _args, ctx) =>
          ctx.prisma.programme.findUniqueOrThrow({ where: { id: dashboard.programmeId } }),
      }),
      computedAt: t.expose('computedAt', {
        type: 'DateTime',
        description: 'When these figures were computed.',
        ...visible,
      }),
      // One field per section (sections.ts).
      partners: t.field({
        type: PartnerFiguresRef,
        description: 'Partner municipalities.',
        ...visible,
        resolve: (d) => d.partners,
      }),
      diaspora: t.field({
        type: DiasporaFiguresRef,
        description: 'Mapped diaspora members, counts only.',
        ...visible,
        resolve: (d) => d.diaspora,
      }),
      events: t.field({
        type: EventFiguresRef,
        description: 'Events held and upcoming.',
        ...visible,
        resolve: (d) => d.events,
      }),
      participantsByStakeholderGroup: t.field({
        type: [StakeholderFigureRef],
        description: 'Participants of held events by stakeholder group.',
        ...visible,
        resolve: (d) => d.participants,
      }),
      projectIdeas: t.field({
        type: IdeaFiguresRef,
        description: 'Project ideas by stage.',
        ...visible,
        resolve: (d) => d.projectIdeas,
      }),
      money: t.field({
        type: MoneyFiguresRef,
        description: 'Money requested, awarded and committed.',
        ...visible,
        resolve: (d) => d.money,
      }),
      actionItems: t.field({
        type: ActionItemFiguresRef,
        description: 'Action items open, overdue and done.',
        ...visible,
        resolve: (d) => d.actionItems,
      }),
      communication: t.field({
        type: CommunicationFiguresRef,
        description: 'Bulletins and stories.',
        ...visible,
        resolve: (d) => d.communication,
      }),
      registrar: t.field({
        type: RegistrarFiguresRef,
        description: 'The virtual registrar’s adoption and requests.',
        ...visible,
        resolve: (d) => d.registrar,
      }),
    }),
  });

/** The viewer's right to the programme's dashboard (grants.ts says who has it). */
async function mayView(ctx: Context, programmeId: string): Promise<boolean> {
  const municipalities = editableMunicipalities(ctx.viewer);
  const partners = municipalities.length
    ? await ctx.prisma.programmePartnership.findMany({
        where: { programmeId, municipalityId: { in: municipalities }, archivedAt: null },
        select: { municipalityId: true },
      })
    : [];
  return viewsProgrammeDashboard(
    ctx.viewer,
    programmeId,
    new Set(partners.map((partner) => partner.municipalityId)),
  );
}

async function existingProgramme(ctx: Context, programmeId: string) {
  const programme = await ctx.prisma.programme.findUnique({
    where: { id: programmeId },
    select: { id: true },
  });
  if (!programme) throw new NotFoundError('No programme has this ID');
}

// --- Queries ---------------------------------------------------------------------------------

builder.queryField('programmeDashboard', (t) =>
  t.field({
    type: ProgrammeDashboardRef,
    description: 'The programme’s figures now, each section with a bounded number of statements.',
    args: {
      programmeId: t.arg.globalID({
        required: true,
        for: ProgrammeNode,
        description: 'The programme; FORBIDDEN for a viewer who may not see its dashboard.',
      }),
    },
    authScopes: (_root, args, ctx) => mayView(ctx, args.programmeId.id),
    resolve: async (_root, args, ctx) => {
      await existingProgramme(ctx, args.programmeId.id);
      return loadDashboard(ctx.prisma, args.programmeId.id);
    },
  }),
);

// --- Subscriptions ---------------------------------------------------------------------------

builder.subscriptionField('dashboardUpdated', (t) =>
  t.field({
    type: ProgrammeDashboardRef,
    description:
      'The programme’s dashboard at once, then whenever something under it changed: at most ' +
      'one per second, the last always up to date.',
    args: {
      programmeId: t.arg.globalID({
        required: true,
        for: ProgrammeNode,
        description: 'The programme; FORBIDDEN for a viewer who may not see its dashboard.',
      }),
    },
    authScopes: (_root, args, ctx) => mayView(ctx, args.programmeId.id),
    subscribe: async (_root, args, ctx) => {
      await existingProgramme(ctx, args.programmeId.id);
      return ctx.dashboards.subscribe(args.programmeId.id);
    },
    resolve: (dashboard) => dashboard,
  }),
);
