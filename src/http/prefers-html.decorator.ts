import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { prefersHtml } from './prefers-html';

/**
 * Whether this request prefers HTML (see {@link prefersHtml}), for a handler
 * that answers a page or JSON: it returns the page's string (Express sends a
 * string as text/html) or the object. Marks the answer `Vary: Accept`. A
 * parameter, not an interceptor: an interceptor on a route costs about a
 * third of its throughput.
 */
export const PrefersHtml = createParamDecorator(
  (_data: unknown, context: ExecutionContext): boolean => {
    const http = context.switchToHttp();
    http.getResponse<Response>().vary('Accept');
    return prefersHtml(http.getRequest<Request>());
  },
);
