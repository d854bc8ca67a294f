// The virtual registrar's demo (seed 003: "a standard model for issuing documents to the
// diaspora through municipal websites, using the experience of Prijedor and Sanski Most"): the
// model published, Prijedor and Sanski Most taking requests, Ključ adopting it, and requests
// from Switzerland, Austria, Sweden and Canada at different stages. The requests' tracking
// codes are random and known to no one (demo requesters have none to follow).
import { createHash, randomBytes } from 'node:crypto';
import type { Prisma, RegistrarRequestStatus } from '../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;
const DAY_MS = 24 * 3600 * 1000;

const services = [
  {
    code: 'BIRTH_REGISTER_EXTRACT',
    name: 'Izvod iz matične knjige rođenih',
    requiredData: [
      'FULL_NAME',
      'DATE_OF_BIRTH',
      'PLACE_OF_BIRTH',
      'FATHER_NAME',
      'MOTHER_NAME',
      'PURPOSE',
    ],
    fee: '10.00',
    processingDays: 5,
  },
  {
    code: 'CITIZENSHIP_CERTIFICATE',
    name: 'Uvjerenje o državljanstvu',
    requiredData: ['FULL_NAME', 'DATE_OF_BIRTH', 'PLACE_OF_BIRTH', 'FATHER_NAME', 'PURPOSE'],
    fee: '10.00',
    processingDays: 5,
  },
  {
    code: 'MARRIAGE_REGISTER_EXTRACT',
    name: 'Izvod iz matične knjige vjenčanih',
    requiredData: ['FULL_NAME', 'SPOUSE_NAME', 'DATE_OF_MARRIAGE', 'PURPOSE'],
    fee: '10.00',
    processingDays: 5,
  },
  {
    code: 'DEATH_REGISTER_EXTRACT',
    name: 'Izvod iz matične knjige umrlih',
    requiredData: ['DECEASED_NAME', 'DATE_OF_DEATH', 'PURPOSE'],
    fee: '10.00',
    processingDays: 5,
  },
  {
    code: 'RESIDENCE_CERTIFICATE',
    name: 'Uvjerenje o prebivalištu',
    requiredData: ['FULL_NAME', 'DATE_OF_BIRTH', 'PERSONAL_ID_NUMBER', 'PURPOSE'],
    fee: '5.00',
    processingDays: 3,
  },
] as const;

const adoptions = [
  {
    municipality: 'Prijedor',
    status: 'ADOPTED' as const,
    registrarOffice: 'Matični ured Grada Prijedora, Trg oslobođenja 1, Prijedor',
    paymentInstructions:
      'Uplata na račun Grada Prijedora, svrha: administrativna taksa; dokaz o uplati pošaljite porukom.',
    fee: '12.00',
    processingDays: 5,
  },
  {
    municipality: 'Sanski Most',
    status: 'ADOPTED' as const,
    registrarOffice: 'Služba za opću upravu, matični ured, Sanski Most',
    paymentInstructions:
      'Uplata na račun Općine Sanski Most, svrha: općinska administrativna taksa.',
    fee: '10.00',
    processingDays: 4,
  },
  {
    municipality: 'Ključ',
    status: 'IN_PROGRESS' as const,
    registrarOffice: 'Matični ured Općine Ključ (u pripremi)',
    paymentInstructions: 'U pripremi.',
    fee: '10.00',
    processingDays: 5,
  },
];

const requests: {
  municipality: string;
  service: (typeof services)[number]['code'];
  country: string;
  name: string;
  email: string;
  status: RegistrarRequestStatus;
  daysAgo: number;
  messages: [fromRequester: boolean, status: RegistrarRequestStatus | null, text: string | null][];
}[] = [
  {
    municipality: 'Prijedor',
    service: 'BIRTH_REGISTER_EXTRACT',
    country: 'CH',
    name: 'Amra Hodžić',
    email: 'amra.hodzic@example.ch',
    status: 'SENT',
    daysAgo: 9,
    messages: [
      [true, 'RECEIVED', null],
      [false, 'IN_PROCESS', 'Uplata je zaprimljena.'],
      [false, 'READY', null],
      [false, 'SENT', 'Izvod je poslan poštom na vašu adresu u Luzernu.'],
    ],
  },
  {
    municipality: 'Sanski Most',
    service: 'CITIZENSHIP_CERTIFICATE',
    country: 'AT',
    name: 'Edin Mujić',
    email: 'edin.mujic@example.at',
    status: 'IN_PROCESS',
    daysAgo: 2,
    messages: [
      [true, 'RECEIVED', null],
      [false, 'IN_PROCESS', 'Zahtjev je u obradi.'],
    ],
  },
  {
    municipality: 'Prijedor',
    service: 'MARRIAGE_REGISTER_EXTRACT',
    country: 'SE',
    name: 'Selma Karabegović',
    email: 'selma.karabegovic@example.se',
    status: 'READY',
    daysAgo: 4,
    messages: [
      [true, 'RECEIVED', null],
      [false, 'IN_PROCESS', null],
      [false, 'READY', 'Dokument preuzima ovlaštena osoba uz punomoć.'],
    ],
  },
  {
    municipality: 'Sanski Most',
    service: 'DEATH_REGISTER_EXTRACT',
    country: 'CA',
    name: 'Mirza Begić',
    email: 'mirza.begic@example.ca',
    status: 'RECEIVED',
    daysAgo: 8,
    messages: [
      [true, 'RECEIVED', null],
      [false, null, 'Nedostaje datum smrti; molimo dopunite podatke porukom.'],
    ],
  },
];

const sampleData: Record<string, string> = {
  FULL_NAME: 'Ime Prezime',
  DATE_OF_BIRTH: '1985-03-14',
  PLACE_OF_BIRTH: 'Prijedor',
  FATHER_NAME: 'Otac',
  MOTHER_NAME: 'Majka',
  SPOUSE_NAME: 'Supružnik',
  DATE_OF_MARRIAGE: '2010-07-03',
  DECEASED_NAME: 'Preminuli',
  DATE_OF_DEATH: '2024-01-20',
  PERSONAL_ID_NUMBER: '1403985100000',
  PURPOSE: 'Regulisanje boravka u inostranstvu',
};

export async function loadRegistrarDemo(tx: Tx, municipalityIds: Map<string, string>) {
  const publishedAt = new Date(Date.now() - 60 * DAY_MS);
  const serviceRows = new Map<string, { id: string; name: string }>();
  for (const service of services) {
    const row = await tx.registrarService.create({
      data: {
        ...service,
        requiredData: [...service.requiredData],
        deliveryOptions: ['POST_ABROAD', 'EMAIL_SCAN_INFO_ONLY', 'PICKUP_BY_AUTHORISED_PERSON'],
        publishedAt,
      },
    });
    serviceRows.set(service.code, row);
  }
  for (const adoption of adoptions) {
    const municipalityId = municipalityIds.get(adoption.municipality)!;
    await tx.registrarAdoption.create({
      data: {
        municipalityId,
        status: adoption.status,
        registrarOffice: adoption.registrarOffice,
        paymentInstructions: adoption.paymentInstructions,
        adoptedAt: adoption.status === 'ADOPTED' ? publishedAt : null,
      },
    });
    // Ključ has priced the birth extract so far; the others offer every service.
    const offered = adoption.status === 'ADOPTED' ? services : services.slice(0, 1);
    await tx.registrarServiceOffer.createMany({
      data: offered.map((service) => ({
        municipalityId,
        serviceId: serviceRows.get(service.code)!.id,
        fee: service.code === 'RESIDENCE_CERTIFICATE' ? service.fee : adoption.fee,
        processingDays: adoption.processingDays,
        deliveryOptions: ['POST_ABROAD', 'EMAIL_SCAN_INFO_ONLY', 'PICKUP_BY_AUTHORISED_PERSON'],
      })),
    });
  }
  for (const request of requests) {
    const adoption = adoptions.find((a) => a.municipality === request.municipality)!;
    const service = services.find((s) => s.code === request.service)!;
    const created = new Date(Date.now() - request.daysAgo * DAY_MS);
    const closed = ['SENT', 'PICKED_UP', 'REJECTED', 'CANCELLED'].includes(request.status);
    const dueOn = new Date(created.getTime() + adoption.processingDays * DAY_MS);
    await tx.registrarRequest.create({
      data: {
        municipalityId: municipalityIds.get(request.municipality)!,
        serviceId: serviceRows.get(request.service)!.id,
        status: request.status,
        country: request.country,
        deliveryOption: request.status === 'READY' ? 'PICKUP_BY_AUTHORISED_PERSON' : 'POST_ABROAD',
        fee: adoption.fee,
        processingDays: adoption.processingDays,
        requesterName: request.name,
        email: request.email,
        personalData: Object.fromEntries(
          service.requiredData.map((field) => [field, sampleData[field]!]),
        ),
        deliveryAddress:
          request.status === 'READY' ? 'Ovlaštena osoba: brat' : 'Adresa u inostranstvu',
        trackingHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
        verifiedAt: created,
        dueOn: new Date(`${dueOn.toISOString().slice(0, 10)}T00:00:00Z`),
        closedAt: closed ? new Date(created.getTime() + 6 * DAY_MS) : null,
        createdAt: created,
        messages: {
          create: request.messages.map(([fromRequester, status, text], index) => ({
            fromRequester,
            status,
            text,
            createdAt: new Date(created.getTime() + index * 3600_000),
          })),
        },
      },
    });
  }
}
