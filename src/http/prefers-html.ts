import type { Request } from 'express';

/** `application/json` or a `+json` type (`application/problem+json`). */
const JSON_TYPE = /^application\/([\w.*-]+\+)?json$/i;

/**
 * Whether to answer HTML: yes for browsers, for `*\/*` and when the client
 * says nothing (as in the seed); no when it asks for JSON, whatever the
 * parameters (`application/json; charset=utf-8`) or the `+json` type.
 */
export function prefersHtml(request: Request): boolean {
  const preferred = request.accepts(['html', 'json']);
  if (preferred !== false) return preferred === 'html';
  // Express matches parameters exactly: a charset or a +json type is no match.
  return !acceptsJson(request.headers.accept ?? '');
}

/** Whether `accept` names a JSON type with a quality above zero. */
function acceptsJson(accept: string): boolean {
  return accept.split(',').some((range) => {
    const [type, ...parameters] = range.split(';').map((part) => part.trim());
    const refused = parameters.some((parameter) =>
      /^q=0(\.0{0,3})?$/i.test(parameter.replace(/\s/g, '')),
    );
    return JSON_TYPE.test(type) && !refused;
  });
}
