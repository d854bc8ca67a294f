-- AlterTable
ALTER TABLE "event" ADD COLUMN     "liveToPublic" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "registrationOpen" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "event_participant" ADD COLUMN     "acceptedAt" TIMESTAMP(3),
ADD COLUMN     "acceptedById" UUID;


-- Participations the event's managers made themselves were the organiser's choice: accepted.
-- So are those without a registrant (loaded data). Self-registrations wait for acceptance.
UPDATE "event_participant" p
   SET "acceptedAt" = p."registeredAt", "acceptedById" = p."registeredById"
  FROM "event" e
 WHERE e."id" = p."eventId"
   AND (p."registeredById" IS NULL OR EXISTS (
        SELECT 1 FROM "role_assignment" r
         WHERE r."userId" = p."registeredById"
           AND ((r."role" = 'NETWORK_ADMIN'
                 AND (r."programmeId" IS NULL OR r."programmeId" = e."programmeId"))
             OR (r."role" IN ('COORDINATOR', 'DEPUTY_COORDINATOR')
                 AND r."municipalityId" = e."hostMunicipalityId")
             OR (r."role" = 'DIASPORA_REPRESENTATIVE'
                 AND r."organizationId" = e."hostOrganizationId"))));
