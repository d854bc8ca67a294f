// The project-idea state machine: which stage may follow which, and who owns each step.
import type { ProjectIdeaStage } from '../../generated/prisma/client.js';

/** MUNICIPALITY: its coordinator or deputy. PROGRAMME_TEAM: a network admin of the programme. */
export type StepOwner = 'MUNICIPALITY' | 'PROGRAMME_TEAM';

const M: StepOwner = 'MUNICIPALITY';
const P: StepOwner = 'PROGRAMME_TEAM';

export const steps: Record<ProjectIdeaStage, Partial<Record<ProjectIdeaStage, StepOwner>>> = {
  DRAFT: { SUBMITTED: M, WITHDRAWN: M },
  SUBMITTED: { UNDER_ASSESSMENT: P, WITHDRAWN: M },
  UNDER_ASSESSMENT: { SHORTLISTED: P, NOT_SHORTLISTED: P, WITHDRAWN: M },
  SHORTLISTED: { PROPOSAL_IN_PREPARATION: M, WITHDRAWN: M },
  PROPOSAL_IN_PREPARATION: { PROPOSAL_READY: M, WITHDRAWN: M },
  PROPOSAL_READY: { APPLIED: M, WITHDRAWN: M },
  APPLIED: { FUNDED: P, NOT_FUNDED: P, WITHDRAWN: M },
  NOT_SHORTLISTED: {},
  FUNDED: {},
  NOT_FUNDED: {},
  WITHDRAWN: {},
};

export function nextStages(stage: ProjectIdeaStage): ProjectIdeaStage[] {
  return Object.keys(steps[stage]) as ProjectIdeaStage[];
}

/** Stages in which the municipality still writes the proposal. */
export const proposalStages: ProjectIdeaStage[] = ['SHORTLISTED', 'PROPOSAL_IN_PREPARATION'];
/** Stages in which the proposal may be sent to funding calls. */
export const applicationStages: ProjectIdeaStage[] = ['PROPOSAL_READY', 'APPLIED'];
