import { BadUserInputError } from './errors.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records whose key is not one UUID, with the shape of their key. A conclusion item lives
 * inside a Yjs document: its key there is only unique within the document, so its global ID
 * carries both, `<document UUID>/<item key>`.
 */
const compositeKeys: Record<string, RegExp> = {
  ConclusionItem: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/.{1,1000}$/is,
};

/** Reads a global ID: base64 of `<GraphQL type>:<key>`. Anything else is BAD_USER_INPUT. */
export function decodeGlobalId(globalID: string): { typename: string; id: string } {
  const decoded = Buffer.from(globalID, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const typename = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  const keyShape = compositeKeys[typename] ?? uuid;
  // A forged or mangled ID: every record's key is a UUID or one of the shapes above.
  if (separator <= 0 || !keyShape.test(id)) {
    throw new BadUserInputError(`"${globalID}" is not a valid ID`);
  }
  return { typename, id };
}

/**
 * The key of a `typename` given by its global ID or, as inputs took it before they all took
 * global IDs, by its raw UUID (still accepted so that older clients keep working).
 */
export function globalOrRawId(value: string, typename: string, field: string): string {
  if (uuid.test(value)) return value;
  const decoded = decodeGlobalId(value);
  if (decoded.typename !== typename) {
    throw new BadUserInputError(
      `${field} must be the ID of ${typename} (got the ID of ${decoded.typename})`,
    );
  }
  return decoded.id;
}
