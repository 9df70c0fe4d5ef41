import type { IncomingMessage } from 'node:http';
import { clientError } from './client-error';

/** How deeply a JSON body may nest objects and arrays. */
export const MAX_JSON_DEPTH = 32;

/**
 * A body-parser `verify` hook that refuses JSON nested deeper than
 * `maxDepth` with a 400, scanning the raw bytes before anything parses or
 * validates them: validation walks a body recursively, and a few kB nested
 * thousands deep would overflow its stack. The scan reads UTF-8, the only
 * encoding RFC 8259 allows between systems: a body declared in another
 * (UTF-16, UTF-32) is refused with 415 rather than scanned wrongly.
 */
export function refuseDeepJson(maxDepth = MAX_JSON_DEPTH) {
  return (
    _request: IncomingMessage,
    _response: unknown,
    body: Buffer,
    encoding: string,
  ) => {
    if (!/^utf-?8$/i.test(encoding)) {
      throw clientError(
        415,
        `JSON bodies must be UTF-8, not ${encoding.toUpperCase()}`,
        'charset.unsupported',
      );
    }
    if (jsonDepth(body) > maxDepth) {
      throw clientError(
        400,
        `JSON body nested deeper than ${maxDepth} levels`,
        'entity.too.deep',
      );
    }
  };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/** The deepest nesting of `[` and `{` in `body`, not counting those in strings. */
export function jsonDepth(body: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < body.length; i += 1) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (CLOSERS.has(byte)) {
      depth -= 1;
    }
  }
  return deepest;
}
