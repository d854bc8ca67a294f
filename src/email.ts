/** The one form of an e-mail address Veza stores and compares: trimmed, lower-case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
