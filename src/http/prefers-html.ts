import type { Request } from 'express';

/**
 * Whether to answer HTML: yes for browsers, for `*\/*` and when the client
 * says nothing (as in the seed); no when it asks for JSON.
 */
export function prefersHtml(request: Request): boolean {
  return request.accepts(['html', 'json']) !== 'json';
}
