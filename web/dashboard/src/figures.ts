// The figures the page shows, and the subscription that brings them.
/** A count of diaspora members: null below the minimum group size (no one is singled out). */
export interface Count {
  key: string;
  count: number | null;
  /** Set when the group is smaller than this; a null count without it shields such a group. */
  fewerThan: number | null;
}

export interface Money {
  amount: string;
  currency: string;
}

export interface Dashboard {
  computedAt: string;
  partners: {
    total: number;
    active: number;
    byCohort: { cohort: string; partners: number }[];
    byAdministrativeUnit: { administrativeUnit: string; partners: number }[];
  };
  diaspora: {
    mapped: number | null;
    minimumGroupSize: number;
    byCountry: Count[];
    byInterest: Count[];
  };
  events: { held: number; upcoming: number; byKind: { kind: string; held: number }[] };
  participantsByStakeholderGroup: { stakeholderGroup: string; participants: number }[];
  projectIdeas: { total: number; byStage: { stage: string; ideas: number }[] };
  money: { requested: Money[]; awarded: Money[]; committed: Money[] };
  actionItems: {
    open: number;
    overdue: number;
    done: number;
    byOwnerMunicipality: { municipalityName: string; open: number; overdue: number }[];
  };
  communication: {
    bulletinsSent: number;
    sent: number;
    failed: number;
    withheld: number;
    unsubscribedSince: number;
    goodPracticesPublished: number;
    newsPublished: number;
  };
  registrar: {
    partners: number;
    adopted: number;
    inProgress: number;
    notStarted: number;
    openRequests: number;
    overdueRequests: number;
  };
}

export const dashboardSubscription = `subscription($id: ID!) {
  dashboardUpdated(programmeId: $id) {
    computedAt
    partners { total active byCohort { cohort partners } byAdministrativeUnit { administrativeUnit partners } }
    diaspora { mapped minimumGroupSize byCountry { key count fewerThan } byInterest { key count fewerThan } }
    events { held upcoming byKind { kind held } }
    participantsByStakeholderGroup { stakeholderGroup participants }
    projectIdeas { total byStage { stage ideas } }
    money { requested { amount currency } awarded { amount currency } committed { amount currency } }
    actionItems { open overdue done byOwnerMunicipality { municipalityName open overdue } }
    communication { bulletinsSent sent failed withheld unsubscribedSince goodPracticesPublished newsPublished }
    registrar { partners adopted inProgress notStarted openRequests overdueRequests }
  }
}`;
