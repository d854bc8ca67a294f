-- CreateTable
CREATE TABLE "_FundingCallEligibility" (
    "A" UUID NOT NULL,
    "B" UUID NOT NULL,

    CONSTRAINT "_FundingCallEligibility_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE INDEX "_FundingCallEligibility_B_index" ON "_FundingCallEligibility"("B");

-- AddForeignKey
ALTER TABLE "_FundingCallEligibility" ADD CONSTRAINT "_FundingCallEligibility_A_fkey" FOREIGN KEY ("A") REFERENCES "funding_call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_FundingCallEligibility" ADD CONSTRAINT "_FundingCallEligibility_B_fkey" FOREIGN KEY ("B") REFERENCES "municipality"("id") ON DELETE CASCADE ON UPDATE CASCADE;

