import type { NextFunction, Request, Response } from 'express';

/** The preconditions of a request that only an answer's validators (an ETag, a date) could meet. */
const CONDITIONAL = [
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'if-range',
];

/** Takes a request's preconditions away: the app sends no validators for them to compare. */
export function ignoreConditionalHeaders(
  request: Request,
  _response: Response,
  next: NextFunction,
): void {
  for (const name of CONDITIONAL) delete request.headers[name];
  next();
}
