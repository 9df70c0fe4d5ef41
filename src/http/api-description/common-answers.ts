import type { OpenAPIObject } from '@nestjs/swagger';
import type { ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { BODY_LIMIT_BYTES } from '../body-limit';
import { MAX_JSON_DEPTH } from '../json-depth';
import { operationsOf } from './operations';

/**
 * `document` with the answers any operation can give, whatever its own:
 * the app's middleware reads the caller and the body of every request, and
 * any request may meet a failing policy or an unavailable database. Causes
 * an operation documents itself come first in a status's description.
 */
export function withCommonAnswers(document: OpenAPIObject): OpenAPIObject {
  for (const [path, operation] of operationsOf(document)) {
    const takesBody = operation.requestBody !== undefined;
    const causes: Record<string, string[]> = {
      400: [
        ...(path.includes('{')
          ? ['a path segment that is not valid percent-encoding']
          : []),
        `a JSON body that does not parse, or nests deeper than ${MAX_JSON_DEPTH} levels`,
      ],
      // A guarded operation documents its own, with "no caller" too.
      ...(operation.responses[401]
        ? {}
        : { 401: ['X-User names a user the app does not know'] }),
      413: [`a request body over ${BODY_LIMIT_BYTES / 1024} kB`],
      415: [
        takesBody
          ? 'a request body that is not UTF-8 application/json'
          : 'a request body: this operation takes none',
      ],
      500: [
        'the policy failed while deciding, or the app failed: the answer shows no detail, the server log says what',
      ],
      503: ['the database is unavailable; try again shortly'],
    };
    const statuses = new Set([
      ...Object.keys(operation.responses),
      ...Object.keys(causes),
    ]);
    for (const status of statuses) {
      const response = operation.responses[status] as
        ResponseObject | undefined;
      operation.responses[status] = {
        ...response,
        // Nest joins a status documented twice with a blank line.
        description: sentence([
          ...(response?.description.split('\n\n') ?? []),
          ...(causes[status] ?? []),
        ]),
      };
    }
  }
  return document;
}

/** Causes, most specific first, as one sentence. */
function sentence(causes: string[]): string {
  return [...new Set(causes)]
    .filter((cause) => cause !== '')
    .map((cause, index) => {
      const text = cause.replace(/[.;\s]+$/, '');
      // Sentence case, but never for a name (JSON, X-User) or code.
      const [head, next = ''] = text;
      if (!/[a-z]/i.test(head) || next !== next.toLowerCase()) return text;
      const first = index === 0 ? head.toUpperCase() : head.toLowerCase();
      return first + text.slice(1);
    })
    .join('; ');
}
