import type { NextFunction, Request, Response } from 'express';
import { clientError } from './client-error';

/** The largest request body the app reads: 100 kB, body-parser's default. */
export const BODY_LIMIT_BYTES = 100 * 1024;

/**
 * Answers 413 before reading a body whose declared length is over the
 * limit. body-parser would read all of it first, however large, to answer
 * the same; the exception filter closes the connection instead.
 */
export function refuseLargeBodies(limit = BODY_LIMIT_BYTES) {
  return (request: Request, _response: Response, next: NextFunction) => {
    if (Number(request.headers['content-length']) > limit) {
      next(clientError(413, 'request entity too large', 'entity.too.large'));
      return;
    }
    next();
  };
}
