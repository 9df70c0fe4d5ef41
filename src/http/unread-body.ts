import type { Request } from 'express';

/** Whether the request declares a body (a length above zero, or chunks). */
export function hasBody(request: Request): boolean {
  return (
    request.headers['transfer-encoding'] !== undefined ||
    Number(request.headers['content-length']) > 0
  );
}

/**
 * Whether part of the request's body is still unread. Node would read and
 * drop all of it after the answer to keep the connection: an answer that
 * refuses the request closes the connection instead.
 */
export function hasUnreadBody(request: Request): boolean {
  return hasBody(request) && !request.complete;
}
