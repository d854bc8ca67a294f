// The lists people keep in spreadsheets: partner municipalities with coordinators and offices,
// action items with status, project ideas with scores and stages, an event's participants.
// Each is one GraphQL query read page by page as the caller (see run.ts).
import type { DocumentNode } from 'graphql';
import { NotFoundError } from '../../errors.js';
import { bosnianDate } from './labels.js';
import { allNodes, type Caller, type Connection, gql } from './run.js';
import type { Column, Table } from './tables.js';

/** URL parameters a list takes: each becomes the query variable of the same name. */
type Parameters = Record<string, 'text' | 'boolean'>;

export interface ListExport<Row = any> {
  /** The file name without extension, and the name in the URL. */
  name: string;
  /** The worksheet's name. */
  title: string;
  /** Parameters it takes; those in `required` must be given. */
  parameters: Parameters;
  required: string[];
  /** Its query; takes `$after` for paging. */
  document: DocumentNode;
  /** The rows' connection in an answer; null when the record holding it is not there. */
  connection: (data: any) => Connection<Row> | null;
  /** Said when `connection` finds no record (a list under a programme or an event). */
  notFound?: string;
  columns: Column<Row>[];
}

/** A list's rows as the caller may read them, every page. */
export async function loadList<Row>(
  caller: Caller,
  list: ListExport<Row>,
  variables: Record<string, unknown>,
): Promise<Table<Row>> {
  const { first, nodes } = await allNodes(caller, list.document, variables, list.connection);
  if (list.notFound && !list.connection(first)) throw new NotFoundError(list.notFound);
  return { title: list.title, columns: list.columns, rows: nodes };
}

const pageInfo = 'pageInfo { hasNextPage endCursor }';
const joined = (values: (string | null | undefined)[]) => values.filter(Boolean).join('; ');

// --- Partner municipalities --------------------------------------------------------------------

interface PartnerRow {
  cohort: string;
  status: string;
  joinedOn: string;
  municipality: {
    name: string;
    kind: string;
    administrativeUnit: string;
    canton: string | null;
    coordinators: {
      role: 'COORDINATOR' | 'DEPUTY';
      person: { fullName: string; email: string | null; phone: string | null };
    }[];
    diasporaOffice: {
      kind: string;
      name: string;
      hostUnit: string | null;
      address: string | null;
      phone: string | null;
      email: string | null;
      openingHours: string | null;
    } | null;
  };
}

const partnersQuery = gql(`
  query PartnerMunicipalities($programmeId: ID!, $after: String) {
    node(id: $programmeId) {
      ... on Programme {
        partners(first: 100, after: $after) {
          ${pageInfo}
          edges { node {
            cohort status joinedOn
            municipality {
              name kind administrativeUnit canton
              coordinators(programmeId: $programmeId) { role person { fullName email phone } }
              diasporaOffice { kind name hostUnit address phone email openingHours }
            }
          } }
        }
      }
    }
  }
`);

const people = (row: PartnerRow, role: 'COORDINATOR' | 'DEPUTY') =>
  row.municipality.coordinators.filter((c) => c.role === role).map((c) => c.person);

const partnerColumns: Column<PartnerRow>[] = [
  { header: 'Općina/grad', width: 24, value: (r) => r.municipality.name },
  { header: 'Vrsta', width: 14, value: (r) => r.municipality.kind },
  {
    header: 'Administrativna jedinica',
    width: 20,
    value: (r) => r.municipality.administrativeUnit,
  },
  { header: 'Kanton', width: 16, value: (r) => r.municipality.canton },
  { header: 'Kohorta', width: 14, value: (r) => r.cohort },
  { header: 'Status partnerstva', width: 14, value: (r) => r.status },
  { header: 'Pristupila', width: 12, value: (r) => bosnianDate(r.joinedOn) },
  {
    header: 'Koordinator',
    width: 26,
    value: (r) => joined(people(r, 'COORDINATOR').map((p) => p.fullName)),
  },
  {
    header: 'E-mail koordinatora',
    width: 26,
    value: (r) => joined(people(r, 'COORDINATOR').map((p) => p.email)),
  },
  {
    header: 'Telefon koordinatora',
    width: 18,
    value: (r) => joined(people(r, 'COORDINATOR').map((p) => p.phone)),
  },
  {
    header: 'Zamjenik koordinatora',
    width: 26,
    value: (r) => joined(people(r, 'DEPUTY').map((p) => p.fullName)),
  },
  { header: 'Ured za dijasporu', width: 28, value: (r) => r.municipality.diasporaOffice?.name },
  { header: 'Vrsta ureda', width: 14, value: (r) => r.municipality.diasporaOffice?.kind },
  { header: 'Pri', width: 24, value: (r) => r.municipality.diasporaOffice?.hostUnit },
  { header: 'Adresa ureda', width: 28, value: (r) => r.municipality.diasporaOffice?.address },
  { header: 'Telefon ureda', width: 18, value: (r) => r.municipality.diasporaOffice?.phone },
  { header: 'E-mail ureda', width: 26, value: (r) => r.municipality.diasporaOffice?.email },
  { header: 'Radno vrijeme', width: 18, value: (r) => r.municipality.diasporaOffice?.openingHours },
];

const partnerMunicipalities: ListExport<PartnerRow> = {
  name: 'partner-municipalities',
  title: 'Partnerske JLS',
  parameters: { programmeId: 'text' },
  required: ['programmeId'],
  document: partnersQuery,
  connection: (data) => data.node?.partners ?? null,
  notFound: 'No programme has this ID',
  columns: partnerColumns,
};

// --- Action items --------------------------------------------------------------------------------

interface ActionItemRow {
  text: string;
  status: string;
  dueDate: string | null;
  overdue: boolean;
  ownerMunicipality: { name: string } | null;
  ownerOrganization: { name: string } | null;
  ownerPerson: { fullName: string } | null;
  owners: { municipality: { name: string } | null; organization: { name: string } | null }[];
  event: { title: string; startsOn: string };
  updatedAt: string;
}

const actionItemsQuery = gql(`
  query ActionItems(
    $after: String, $status: ActionItemStatus, $open: Boolean, $ownerMunicipalityId: ID,
    $eventId: ID, $programmeId: ID, $overdue: Boolean, $mine: Boolean
  ) {
    actionItems(
      first: 100, after: $after, status: $status, open: $open,
      ownerMunicipalityId: $ownerMunicipalityId, eventId: $eventId, programmeId: $programmeId,
      overdue: $overdue, mine: $mine
    ) {
      ${pageInfo}
      edges { node {
        text status dueDate overdue updatedAt
        ownerMunicipality { name } ownerOrganization { name } ownerPerson { fullName }
        owners { municipality { name } organization { name } }
        event { title startsOn }
      } }
    }
  }
`);

const actionItemColumns: Column<ActionItemRow>[] = [
  { header: 'Zadatak', width: 60, value: (r) => r.text },
  {
    header: 'Nosilac',
    width: 28,
    // An action owed by many lists every owner.
    value: (r) =>
      r.ownerMunicipality?.name ??
      r.ownerOrganization?.name ??
      r.ownerPerson?.fullName ??
      (r.owners.map((share) => share.municipality?.name ?? share.organization?.name).join(', ') ||
        null),
  },
  { header: 'Rok', width: 12, value: (r) => (r.dueDate ? bosnianDate(r.dueDate) : null) },
  { header: 'Status', width: 14, value: (r) => r.status },
  { header: 'Kasni', width: 8, value: (r) => (r.overdue ? 'da' : 'ne') },
  { header: 'Događaj', width: 40, value: (r) => r.event.title },
  { header: 'Datum događaja', width: 14, value: (r) => bosnianDate(r.event.startsOn) },
  { header: 'Posljednja izmjena', width: 14, value: (r) => bosnianDate(r.updatedAt) },
];

const actionItems: ListExport<ActionItemRow> = {
  name: 'action-items',
  title: 'Akcione tačke',
  parameters: {
    status: 'text',
    open: 'boolean',
    ownerMunicipalityId: 'text',
    eventId: 'text',
    programmeId: 'text',
    overdue: 'boolean',
    mine: 'boolean',
  },
  required: [],
  document: actionItemsQuery,
  connection: (data) => data.actionItems,
  columns: actionItemColumns,
};

// --- Project ideas -------------------------------------------------------------------------------

interface IdeaRow {
  title: string;
  stage: string;
  weightedScore: string | null;
  estimatedBudget: { amount: string; currency: string } | null;
  thematicAreas: string[];
  municipality: { name: string };
  programme: { code: string };
  round: { name: string };
  updatedAt: string;
}

const ideasQuery = gql(`
  query ProjectIdeas(
    $after: String, $programmeId: ID, $municipalityId: ID, $roundId: ID,
    $stage: ProjectIdeaStage
  ) {
    projectIdeas(
      first: 100, after: $after, programmeId: $programmeId, municipalityId: $municipalityId,
      roundId: $roundId, stage: $stage
    ) {
      ${pageInfo}
      edges { node {
        title stage weightedScore thematicAreas updatedAt
        estimatedBudget { amount currency }
        municipality { name } programme { code } round { name }
      } }
    }
  }
`);

const ideaColumns: Column<IdeaRow>[] = [
  { header: 'Projektna ideja', width: 50, value: (r) => r.title },
  { header: 'Općina/grad', width: 22, value: (r) => r.municipality.name },
  { header: 'Program', width: 12, value: (r) => r.programme.code },
  { header: 'Krug', width: 30, value: (r) => r.round.name },
  { header: 'Faza', width: 22, value: (r) => r.stage },
  {
    header: 'Ponderisana ocjena',
    width: 12,
    value: (r) => (r.weightedScore === null ? null : Number(r.weightedScore)),
  },
  {
    header: 'Procijenjeni budžet',
    width: 14,
    value: (r) => (r.estimatedBudget ? Number(r.estimatedBudget.amount) : null),
  },
  { header: 'Valuta', width: 8, value: (r) => r.estimatedBudget?.currency },
  { header: 'Tematske oblasti', width: 30, value: (r) => joined(r.thematicAreas) },
  { header: 'Posljednja izmjena', width: 14, value: (r) => bosnianDate(r.updatedAt) },
];

const projectIdeas: ListExport<IdeaRow> = {
  name: 'project-ideas',
  title: 'Projektne ideje',
  parameters: { programmeId: 'text', municipalityId: 'text', roundId: 'text', stage: 'text' },
  required: [],
  document: ideasQuery,
  connection: (data) => data.projectIdeas,
  columns: ideaColumns,
};

// --- Event participants --------------------------------------------------------------------------

interface ParticipantRow {
  stakeholderGroup: string;
  status: string;
  registeredAt: string;
  attendedDays: number[];
  person: {
    fullName: string;
    jobTitle: string | null;
    email: string | null;
    phone: string | null;
  } | null;
  organization: { name: string } | null;
  municipality: { name: string } | null;
}

const participantsQuery = gql(`
  query EventParticipants($eventId: ID!, $after: String, $status: RegistrationStatus) {
    node(id: $eventId) {
      ... on Event {
        title
        participants(first: 100, after: $after, status: $status) {
          ${pageInfo}
          edges { node {
            stakeholderGroup status registeredAt attendedDays
            person { fullName jobTitle email phone }
            organization { name }
            municipality { name }
          } }
        }
      }
    }
  }
`);

const participantColumns: Column<ParticipantRow>[] = [
  { header: 'Ime i prezime', width: 26, value: (r) => r.person?.fullName },
  { header: 'Funkcija', width: 30, value: (r) => r.person?.jobTitle },
  { header: 'Organizacija', width: 30, value: (r) => r.organization?.name },
  { header: 'Općina/grad', width: 22, value: (r) => r.municipality?.name },
  { header: 'Grupa', width: 22, value: (r) => r.stakeholderGroup },
  { header: 'Status prijave', width: 14, value: (r) => r.status },
  { header: 'Prijavljen(a)', width: 14, value: (r) => bosnianDate(r.registeredAt) },
  { header: 'Prisutan/na (dani)', width: 12, value: (r) => r.attendedDays.join(', ') },
  { header: 'E-mail', width: 26, value: (r) => r.person?.email },
  { header: 'Telefon', width: 18, value: (r) => r.person?.phone },
];

const eventParticipants: ListExport<ParticipantRow> = {
  name: 'event-participants',
  title: 'Učesnici',
  parameters: { eventId: 'text', status: 'text' },
  required: ['eventId'],
  document: participantsQuery,
  connection: (data) => data.node?.participants ?? null,
  notFound: 'No event has this ID',
  columns: participantColumns,
};

export const listExports: ListExport[] = [
  partnerMunicipalities,
  actionItems,
  projectIdeas,
  eventParticipants,
];
