import { BadUserInputError } from '../../errors.js';

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict standard base64 (docs/api.md): anything else is the client's mistake, not ours. */
export function decodeBase64(value: string, what: string, maxBytes: number): Uint8Array {
  if (value.length > Math.ceil(maxBytes / 3) * 4) {
    throw new BadUserInputError(`${what} is larger than ${maxBytes} bytes`);
  }
  if (!base64.test(value)) throw new BadUserInputError(`${what} is not standard base64`);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
