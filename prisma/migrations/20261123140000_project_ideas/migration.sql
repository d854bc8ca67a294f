-- CreateEnum
CREATE TYPE "ProjectIdeaStage" AS ENUM ('DRAFT', 'SUBMITTED', 'UNDER_ASSESSMENT', 'SHORTLISTED', 'NOT_SHORTLISTED', 'PROPOSAL_IN_PREPARATION', 'PROPOSAL_READY', 'APPLIED', 'FUNDED', 'NOT_FUNDED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "FundingApplicationStatus" AS ENUM ('SUBMITTED', 'AWARDED', 'REJECTED');

-- CreateTable
CREATE TABLE "project_idea_template" (
    "id" UUID NOT NULL,
    "programmeId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "sections" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_idea_template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_idea_round" (
    "id" UUID NOT NULL,
    "programmeId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "scaleMax" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_idea_round_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assessment_criterion" (
    "id" UUID NOT NULL,
    "roundId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "weight" DECIMAL(8,3) NOT NULL,

    CONSTRAINT "assessment_criterion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_idea" (
    "id" UUID NOT NULL,
    "roundId" UUID NOT NULL,
    "programmeId" UUID NOT NULL,
    "municipalityId" UUID NOT NULL,
    "templateId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "fields" JSONB NOT NULL DEFAULT '{}',
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "thematicAreas" TEXT[],
    "estimatedBudget" DECIMAL(16,2),
    "currency" CHAR(3) NOT NULL DEFAULT 'BAM',
    "stage" "ProjectIdeaStage" NOT NULL DEFAULT 'DRAFT',
    "weightedScore" DECIMAL(10,4),
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "project_idea_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_idea_transition" (
    "id" UUID NOT NULL,
    "ideaId" UUID NOT NULL,
    "fromStage" "ProjectIdeaStage" NOT NULL,
    "toStage" "ProjectIdeaStage" NOT NULL,
    "actorId" UUID,
    "actorName" TEXT,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_idea_transition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assessment" (
    "id" UUID NOT NULL,
    "ideaId" UUID NOT NULL,
    "reviewerId" UUID NOT NULL,
    "reviewerName" TEXT NOT NULL,
    "comment" TEXT,
    "weightedTotal" DECIMAL(10,4),
    "submittedAt" TIMESTAMP(3),
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assessment_score" (
    "assessmentId" UUID NOT NULL,
    "criterionId" UUID NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,

    CONSTRAINT "assessment_score_pkey" PRIMARY KEY ("assessmentId","criterionId")
);

-- CreateTable
CREATE TABLE "project_proposal" (
    "id" UUID NOT NULL,
    "ideaId" UUID NOT NULL,
    "summary" TEXT NOT NULL,
    "expectedResults" TEXT[],
    "timeline" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "project_proposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proposal_budget_line" (
    "id" UUID NOT NULL,
    "proposalId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "amount" DECIMAL(16,2) NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'BAM',

    CONSTRAINT "proposal_budget_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proposal_partner" (
    "id" UUID NOT NULL,
    "proposalId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "organizationId" UUID,
    "name" TEXT NOT NULL,
    "contribution" TEXT,

    CONSTRAINT "proposal_partner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "expert_support_note" (
    "id" UUID NOT NULL,
    "ideaId" UUID NOT NULL,
    "authorId" UUID,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "expert_support_note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "funding_call" (
    "id" UUID NOT NULL,
    "funderId" UUID NOT NULL,
    "programmeId" UUID,
    "title" TEXT NOT NULL,
    "totalBudget" DECIMAL(16,2) NOT NULL,
    "minGrant" DECIMAL(16,2) NOT NULL,
    "maxGrant" DECIMAL(16,2) NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'BAM',
    "opensOn" DATE NOT NULL,
    "closesOn" DATE NOT NULL,
    "eligibility" TEXT,
    "thematicAreas" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "funding_call_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "funding_application" (
    "id" UUID NOT NULL,
    "ideaId" UUID NOT NULL,
    "callId" UUID NOT NULL,
    "requestedAmount" DECIMAL(16,2) NOT NULL,
    "awardedAmount" DECIMAL(16,2),
    "currency" CHAR(3) NOT NULL DEFAULT 'BAM',
    "status" "FundingApplicationStatus" NOT NULL DEFAULT 'SUBMITTED',
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "funding_application_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "project_idea_template_programmeId_version_key" ON "project_idea_template"("programmeId", "version");

-- CreateIndex
CREATE INDEX "project_idea_round_programmeId_idx" ON "project_idea_round"("programmeId");

-- CreateIndex
CREATE UNIQUE INDEX "assessment_criterion_roundId_position_key" ON "assessment_criterion"("roundId", "position");

-- CreateIndex
CREATE INDEX "project_idea_programmeId_stage_idx" ON "project_idea"("programmeId", "stage");

-- CreateIndex
CREATE INDEX "project_idea_roundId_weightedScore_idx" ON "project_idea"("roundId", "weightedScore");

-- CreateIndex
CREATE INDEX "project_idea_municipalityId_idx" ON "project_idea"("municipalityId");

-- CreateIndex
CREATE INDEX "project_idea_transition_ideaId_createdAt_idx" ON "project_idea_transition"("ideaId", "createdAt");

-- CreateIndex
CREATE INDEX "assessment_reviewerId_idx" ON "assessment"("reviewerId");

-- CreateIndex
CREATE UNIQUE INDEX "assessment_ideaId_reviewerId_key" ON "assessment"("ideaId", "reviewerId");

-- CreateIndex
CREATE UNIQUE INDEX "project_proposal_ideaId_key" ON "project_proposal"("ideaId");

-- CreateIndex
CREATE INDEX "proposal_budget_line_proposalId_idx" ON "proposal_budget_line"("proposalId");

-- CreateIndex
CREATE INDEX "proposal_partner_proposalId_idx" ON "proposal_partner"("proposalId");

-- CreateIndex
CREATE INDEX "expert_support_note_ideaId_createdAt_idx" ON "expert_support_note"("ideaId", "createdAt");

-- CreateIndex
CREATE INDEX "funding_call_closesOn_idx" ON "funding_call"("closesOn");

-- CreateIndex
CREATE INDEX "funding_application_callId_idx" ON "funding_application"("callId");

-- CreateIndex
CREATE UNIQUE INDEX "funding_application_ideaId_callId_key" ON "funding_application"("ideaId", "callId");

-- AddForeignKey
ALTER TABLE "project_idea_template" ADD CONSTRAINT "project_idea_template_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_idea_round" ADD CONSTRAINT "project_idea_round_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_criterion" ADD CONSTRAINT "assessment_criterion_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "project_idea_round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_idea" ADD CONSTRAINT "project_idea_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "project_idea_round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_idea" ADD CONSTRAINT "project_idea_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_idea" ADD CONSTRAINT "project_idea_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_idea" ADD CONSTRAINT "project_idea_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "project_idea_template"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_idea_transition" ADD CONSTRAINT "project_idea_transition_ideaId_fkey" FOREIGN KEY ("ideaId") REFERENCES "project_idea"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_ideaId_fkey" FOREIGN KEY ("ideaId") REFERENCES "project_idea"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_score" ADD CONSTRAINT "assessment_score_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_score" ADD CONSTRAINT "assessment_score_criterionId_fkey" FOREIGN KEY ("criterionId") REFERENCES "assessment_criterion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_proposal" ADD CONSTRAINT "project_proposal_ideaId_fkey" FOREIGN KEY ("ideaId") REFERENCES "project_idea"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposal_budget_line" ADD CONSTRAINT "proposal_budget_line_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "project_proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposal_partner" ADD CONSTRAINT "proposal_partner_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "project_proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposal_partner" ADD CONSTRAINT "proposal_partner_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "expert_support_note" ADD CONSTRAINT "expert_support_note_ideaId_fkey" FOREIGN KEY ("ideaId") REFERENCES "project_idea"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "funding_call" ADD CONSTRAINT "funding_call_funderId_fkey" FOREIGN KEY ("funderId") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "funding_call" ADD CONSTRAINT "funding_call_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "funding_application" ADD CONSTRAINT "funding_application_ideaId_fkey" FOREIGN KEY ("ideaId") REFERENCES "project_idea"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "funding_application" ADD CONSTRAINT "funding_application_callId_fkey" FOREIGN KEY ("callId") REFERENCES "funding_call"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written: one priority idea per municipality per round (past DRAFT, not withdrawn), also
-- between concurrent submitters.
CREATE UNIQUE INDEX "project_idea_one_priority_per_round"
  ON "project_idea"("roundId", "municipalityId") WHERE "stage" NOT IN ('DRAFT', 'WITHDRAWN');

-- Hand-written: amounts and grant limits that cannot be.
ALTER TABLE "project_idea" ADD CONSTRAINT "project_idea_estimatedBudget_check"
  CHECK ("estimatedBudget" IS NULL OR "estimatedBudget" >= 0);
ALTER TABLE "proposal_budget_line" ADD CONSTRAINT "proposal_budget_line_amount_check"
  CHECK ("amount" >= 0);
ALTER TABLE "funding_call" ADD CONSTRAINT "funding_call_amounts_check"
  CHECK ("minGrant" >= 0 AND "minGrant" <= "maxGrant" AND "maxGrant" <= "totalBudget");
ALTER TABLE "funding_call" ADD CONSTRAINT "funding_call_dates_check" CHECK ("opensOn" <= "closesOn");
ALTER TABLE "funding_application" ADD CONSTRAINT "funding_application_amounts_check"
  CHECK ("requestedAmount" > 0 AND ("awardedAmount" IS NULL OR "awardedAmount" >= 0));
ALTER TABLE "assessment_criterion" ADD CONSTRAINT "assessment_criterion_weight_check"
  CHECK ("weight" > 0);
