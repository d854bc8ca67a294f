// The virtual registrar's test fixture: a demo server mailing a real SMTP receiver, registrars
// of Ključ and Prijedor, and the steps of a request (the confirmation code read from the e-mail).
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { type Config, loadConfig } from '../../src/config.js';
import { startSmtpReceiver, testMailSettings, type SmtpReceiver } from './smtp.js';
import { startTestServer, type TestServer, type TestServerOptions } from './server.js';

export const REQUEST = `mutation($input: RequestRegistrarDocumentInput!) {
  requestRegistrarDocument(input: $input) { verificationSent } }`;
export const CONFIRM = `mutation($input: ConfirmRegistrarRequestInput!) {
  confirmRegistrarRequest(input: $input) { trackingCode request { id status requesterName } } }`;
export const UPDATE = `mutation($input: UpdateRegistrarRequestInput!) {
  updateRegistrarRequest(input: $input) { request { id status overdue } } }`;
export const TRACK = `query($code: String!) { registrarRequest(trackingCode: $code) {
  id status requesterName email country data { field value }
  messages { fromRequester status text } } }`;

export const birthData = [
  { field: 'FULL_NAME', value: 'Lejla Šehić' },
  { field: 'DATE_OF_BIRTH', value: '1990-05-02' },
  { field: 'PLACE_OF_BIRTH', value: 'Ključ' },
  { field: 'FATHER_NAME', value: 'Hasan' },
  { field: 'MOTHER_NAME', value: 'Fatima' },
  { field: 'PURPOSE', value: 'Vjenčanje u Švicarskoj' },
];

const PASSWORD = 'maticar lozinka 1';

/**
 * Makes the test's e-mail addresses this run's own: with REDIS_URL the rate limits' counters
 * live in the shared Redis for an hour, and a rerun must not find the last run's.
 */
export const RUN = randomUUID().slice(0, 8);

export interface RegistrarFixture {
  smtp: SmtpReceiver;
  app: TestServer;
  admin: string;
  ids: Record<'kljuc' | 'prijedor' | 'birth' | 'citizenship', string>;
  tokens: Record<'kljucRegistrar' | 'prijedorRegistrar' | 'coordinator', string>;
  birthRequest(email: string, overrides?: Record<string, unknown>): Record<string, unknown>;
  verificationCodeFor(email: string): Promise<string>;
  /** Asks, reads the code from the e-mail received, confirms: the tracking code and request id. */
  confirmedRequest(
    email: string,
    overrides?: Record<string, unknown>,
  ): Promise<{ trackingCode: string; id: string }>;
  /** Ključ takes requests (its adoption, in progress in the demo, completed). */
  adoptForKljuc(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRegistrarFixture(
  registrar: Partial<Config['registrar']> = {},
  options: Pick<TestServerOptions, 'inProcess'> = {},
): Promise<RegistrarFixture> {
  const smtp = await startSmtpReceiver();
  const app = await startTestServer({
    ...options,
    config: {
      mail: testMailSettings(smtp.url),
      // Every request comes from 127.0.0.1: the per-address limit is tested apart from here.
      registrar: {
        ...loadConfig({}).registrar,
        requestsPerAddressPerHour: 100_000,
        ...registrar,
      },
    },
  });
  const admin = await app.signIn('admin@veza.test');
  const ids = {} as RegistrarFixture['ids'];
  const tokens = {} as RegistrarFixture['tokens'];

  /** An account invited, with a password, holding REGISTRAR for one municipality. */
  async function registrarOf(email: string, municipalityId: string) {
    const { inviteUser } = await app.data(
      `mutation($input: InviteUserInput!) { inviteUser(input: $input) { invitationToken user { id } } }`,
      { input: { email, displayName: 'Matičar' } },
      admin,
    );
    await app.data(
      'mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }',
      { input: { token: inviteUser.invitationToken, password: PASSWORD } },
    );
    await app.data(
      'mutation($input: AssignRoleInput!) { assignRole(input: $input) { roleAssignment { id } } }',
      { input: { userId: inviteUser.user.id, role: 'REGISTRAR', municipalityId } },
      admin,
    );
    const { signIn } = await app.data(
      'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
      { input: { email, password: PASSWORD } },
    );
    return signIn.token as string;
  }

  tokens.coordinator = await app.signIn('koordinator.kljuc@veza.test');
  const municipality = async (search: string) =>
    (
      await app.data('query($s: String) { municipalities(search: $s) { edges { node { id } } } }', {
        s: search,
      })
    ).municipalities.edges[0].node.id as string;
  ids.kljuc = await municipality('kljuc');
  ids.prijedor = await municipality('prijedor');
  const { registrarModel } = await app.data('{ registrarModel { services { id code } } }');
  const service = (code: string) => registrarModel.services.find((s: any) => s.code === code).id;
  ids.birth = service('BIRTH_REGISTER_EXTRACT');
  ids.citizenship = service('CITIZENSHIP_CERTIFICATE');
  tokens.kljucRegistrar = await registrarOf('registrar.kljuc@veza.test', ids.kljuc);
  // The demo's registrar of Prijedor.
  tokens.prijedorRegistrar = await app.signIn('maticar.prijedor@veza.test');

  const birthRequest = (email: string, overrides: Record<string, unknown> = {}) => ({
    municipalityId: ids.kljuc,
    serviceId: ids.birth,
    email,
    requesterName: 'Lejla Šehić',
    country: 'CH',
    deliveryOption: 'POST_ABROAD',
    deliveryAddress: 'Pilatusstrasse 1, 6003 Luzern',
    data: birthData,
    language: 'EN',
    ...overrides,
  });

  async function verificationCodeFor(email: string) {
    const [mail] = await smtp.waitForMailTo(email, /Confirm your request/);
    const code = /^([0-9a-f-]{36}\.[A-Za-z0-9_-]{43})$/m.exec(mail!.parsed.text ?? '')?.[1];
    expect(code).toBeDefined();
    return code!;
  }

  return {
    smtp,
    app,
    admin,
    ids,
    tokens,
    birthRequest,
    verificationCodeFor,
    async confirmedRequest(email, overrides = {}) {
      const asked = await app.data(REQUEST, { input: birthRequest(email, overrides) });
      expect(asked.requestRegistrarDocument.verificationSent).toBe(true);
      const code = await verificationCodeFor(email);
      const { confirmRegistrarRequest } = await app.data(CONFIRM, {
        input: { verificationCode: code },
      });
      return {
        trackingCode: confirmRegistrarRequest.trackingCode as string,
        id: confirmRegistrarRequest.request.id as string,
      };
    },
    async adoptForKljuc() {
      await app.data(
        `mutation($input: AdoptRegistrarModelInput!) { adoptRegistrarModel(input: $input) { adoption { id } } }`,
        {
          input: {
            municipalityId: ids.kljuc,
            registrarOffice: 'Matični ured, Ključ',
            paymentInstructions: 'Račun Općine Ključ',
            complete: true,
          },
        },
        tokens.kljucRegistrar,
      );
    },
    stop: () => app.stop().then(() => smtp.stop()),
  };
}
