-- AlterEnum
ALTER TYPE "DeliveryStatus" ADD VALUE 'WITHHELD';

