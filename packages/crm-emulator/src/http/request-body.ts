import type { IncomingMessage } from 'node:http';
import { boundaryOf, parseMultipart } from './multipart.js';
import { EmulatorError } from '../core/emulator-error.js';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export class BodyTooLargeError extends EmulatorError {
  override readonly name = 'BodyTooLargeError';
  constructor(message: string) {
    super('BODY_TOO_LARGE', message);
  }
}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(`request body over ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Form fields of a token request, whatever the client used: multipart (the SDK), urlencoded
 * (most HTTP clients), or a bare body without Content-Type (parsed as urlencoded).
 */
export function parseFormBody(body: Buffer, contentType: string | undefined): Map<string, string> {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const boundary = boundaryOf(contentType ?? '');
    return boundary ? parseMultipart(body, boundary) : new Map();
  }
  if (type.startsWith('application/json')) {
    try {
      const parsed = JSON.parse(body.toString('utf8')) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        return new Map(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
      }
    } catch {
      return new Map();
    }
    return new Map();
  }
  return new Map(new URLSearchParams(body.toString('utf8')));
}
