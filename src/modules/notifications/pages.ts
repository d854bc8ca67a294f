// The page an invitation e-mail links to: the invitee sets a password (acceptInvitation). The
// token travels in the URL's fragment, so it never reaches a server log.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const INVITATION_PATH = '/invitation';

const script = `
const form = document.querySelector('form');
const status = document.querySelector('#status');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }',
      variables: { input: { token, password: form.password.value } },
    }),
  });
  const result = await response.json();
  status.textContent = result.errors
    ? result.errors[0].message
    : 'Lozinka je postavljena; možete se prijaviti. / Your password is set; you can sign in.';
});`;

const page = `<!doctype html><html lang="bs"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Veza</title></head>
<body><h1>Veza</h1>
<p>Postavite lozinku (najmanje 12 znakova). / Set your password (at least 12 characters).</p>
<form><input type="password" name="password" minlength="12" required autocomplete="new-password">
<button type="submit">Prihvati / Accept</button></form><p id="status" role="status"></p>
<script>${script}</script></body></html>`;

export function serveInvitationPage(req: IncomingMessage, res: ServerResponse): boolean {
  if (new URL(req.url ?? '/', 'http://veza').pathname !== INVITATION_PATH) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  res
    .writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-security-policy':
        "default-src 'none'; script-src 'unsafe-inline'; connect-src 'self'; form-action 'none'",
    })
    .end(page);
  return true;
}
