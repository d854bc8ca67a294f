// `npm run admin:create -- --email ana@example.ba --name "Ana Anić"`: on a database with no
// active network administrator yet (a new production install), creates one by invitation and
// prints the one-time token; the administrator then sets their own password with
// acceptInvitation. No password is ever chosen or printed here.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../config.js';
import { migrate, openDatabase } from '../db/database.js';
import { createFirstAdmin } from '../modules/accounts/invitations.js';
import { runCli } from './run.js';

const usage = 'Usage: npm run admin:create -- --email <e-mail> --name "<display name>"';

async function main() {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
  const email = z.email().max(320).safeParse(values.email?.trim());
  const name = z.string().trim().min(1).max(200).safeParse(values.name);
  if (!email.success || !name.success) {
    console.error(`${usage}\n(--email must be an e-mail address, --name must not be blank)`);
    process.exit(2);
  }
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    await migrate(database);
    const { token, expiresAt } = await createFirstAdmin(database.prisma, {
      email: email.data,
      displayName: name.data,
      ttlMs: config.invitationTtlMs,
    });
    console.log(
      [
        `Invited ${email.data.toLowerCase()} as network administrator of all programmes.`,
        `One-time invitation token (valid until ${expiresAt.toISOString()}):`,
        '',
        `  ${token}`,
        '',
        'To accept it, set a password (at least 12 characters) with:',
        `  mutation { acceptInvitation(input: { token: "${token}", password: "…" }) { token } }`,
      ].join('\n'),
    );
  } finally {
    await database.close();
  }
}

runCli(main);
