-- CreateEnum
CREATE TYPE "RegistrarDeliveryOption" AS ENUM ('POST_ABROAD', 'EMAIL_SCAN_INFO_ONLY', 'PICKUP_BY_AUTHORISED_PERSON');

-- CreateEnum
CREATE TYPE "RegistrarDataField" AS ENUM ('FULL_NAME', 'MAIDEN_NAME', 'DATE_OF_BIRTH', 'PLACE_OF_BIRTH', 'FATHER_NAME', 'MOTHER_NAME', 'PERSONAL_ID_NUMBER', 'SPOUSE_NAME', 'DATE_OF_MARRIAGE', 'DECEASED_NAME', 'DATE_OF_DEATH', 'PURPOSE');

-- CreateEnum
CREATE TYPE "RegistrarAdoptionStatus" AS ENUM ('IN_PROGRESS', 'ADOPTED');

-- CreateEnum
CREATE TYPE "RegistrarRequestStatus" AS ENUM ('RECEIVED', 'IN_PROCESS', 'READY', 'SENT', 'PICKED_UP', 'REJECTED', 'CANCELLED');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'REGISTRAR';

-- AlterEnum
ALTER TYPE "AuditEventKind" ADD VALUE 'REGISTRAR_PERSONAL_DATA_READ';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'REGISTRAR_VERIFICATION';
ALTER TYPE "NotificationKind" ADD VALUE 'REGISTRAR_REQUEST_CHANGED';

-- CreateTable
CREATE TABLE "registrar_service" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "requiredData" "RegistrarDataField"[],
    "deliveryOptions" "RegistrarDeliveryOption"[],
    "fee" DECIMAL(12,2) NOT NULL,
    "processingDays" INTEGER NOT NULL,
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registrar_service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registrar_adoption" (
    "id" UUID NOT NULL,
    "municipalityId" UUID NOT NULL,
    "status" "RegistrarAdoptionStatus" NOT NULL,
    "registrarOffice" TEXT NOT NULL,
    "paymentInstructions" TEXT NOT NULL,
    "adoptedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "registrar_adoption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registrar_service_offer" (
    "id" UUID NOT NULL,
    "municipalityId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "fee" DECIMAL(12,2) NOT NULL,
    "processingDays" INTEGER NOT NULL,
    "deliveryOptions" "RegistrarDeliveryOption"[],
    "offered" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "registrar_service_offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registrar_request" (
    "id" UUID NOT NULL,
    "municipalityId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "status" "RegistrarRequestStatus" NOT NULL DEFAULT 'RECEIVED',
    "country" TEXT NOT NULL,
    "deliveryOption" "RegistrarDeliveryOption" NOT NULL,
    "fee" DECIMAL(12,2) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'BAM',
    "processingDays" INTEGER NOT NULL,
    "language" "Language" NOT NULL DEFAULT 'BS',
    "requesterName" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "personalData" JSONB,
    "deliveryAddress" TEXT,
    "rejectionReason" TEXT,
    "verificationHash" TEXT,
    "trackingHash" TEXT,
    "verifiedAt" TIMESTAMP(3),
    "dueOn" DATE,
    "closedAt" TIMESTAMP(3),
    "erasedAt" TIMESTAMP(3),
    "searchText" TEXT GENERATED ALWAYS AS (veza_fold(coalesce("requesterName", '') || ' ' || coalesce("email", ''))) STORED,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "registrar_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registrar_request_message" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "fromRequester" BOOLEAN NOT NULL,
    "authorId" UUID,
    "status" "RegistrarRequestStatus",
    "text" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registrar_request_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "registrar_service_code_key" ON "registrar_service"("code");

-- CreateIndex
CREATE UNIQUE INDEX "registrar_adoption_municipalityId_key" ON "registrar_adoption"("municipalityId");

-- CreateIndex
CREATE UNIQUE INDEX "registrar_service_offer_municipalityId_serviceId_key" ON "registrar_service_offer"("municipalityId", "serviceId");

-- CreateIndex
CREATE INDEX "registrar_request_municipalityId_status_idx" ON "registrar_request"("municipalityId", "status");

-- CreateIndex
CREATE INDEX "registrar_request_verifiedAt_idx" ON "registrar_request"("verifiedAt");

-- CreateIndex
CREATE INDEX "registrar_request_closedAt_idx" ON "registrar_request"("closedAt");

-- CreateIndex
CREATE INDEX "registrar_request_message_requestId_createdAt_idx" ON "registrar_request_message"("requestId", "createdAt");

-- AddForeignKey
ALTER TABLE "registrar_adoption" ADD CONSTRAINT "registrar_adoption_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registrar_service_offer" ADD CONSTRAINT "registrar_service_offer_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registrar_service_offer" ADD CONSTRAINT "registrar_service_offer_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "registrar_service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registrar_request" ADD CONSTRAINT "registrar_request_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registrar_request" ADD CONSTRAINT "registrar_request_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "registrar_service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registrar_request_message" ADD CONSTRAINT "registrar_request_message_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "registrar_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Search on the requester (name, e-mail), as the other searchable tables.
CREATE INDEX "registrar_request_searchText_trgm_idx" ON "registrar_request" USING gin ("searchText" gin_trgm_ops);
