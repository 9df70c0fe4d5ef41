import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  HeaderObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { operationsOf } from './operations';

/** The one body of every error answer, as the app's exception filter writes it. */
export const ERROR_SCHEMA = 'ApiError';

/** The headers that come with an error status, whatever the operation. */
const HEADERS_OF: Record<string, Record<string, HeaderObject>> = {
  401: {
    'WWW-Authenticate': {
      description: 'The challenge: names the X-User header to send',
      required: true,
      schema: { type: 'string' },
    },
  },
  503: {
    'Retry-After': {
      description: 'How many seconds to wait before trying again',
      required: true,
      schema: { type: 'integer', minimum: 0 },
    },
  },
};

/**
 * `document` with the body of every error answer: `{statusCode, error,
 * message}` as JSON, an HTML page for a browser, and the headers its status
 * comes with. An HTML answer, error or not, is a string.
 */
export function withErrorBodies(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      [ERROR_SCHEMA]: {
        type: 'object',
        required: ['statusCode', 'error', 'message'],
        properties: {
          statusCode: { type: 'integer', example: 404 },
          error: { type: 'string', example: 'Not Found' },
          message: {
            type: 'string',
            example: 'Repo named react was not found',
          },
        },
      },
    },
  };
  for (const [, operation] of operationsOf(document)) {
    for (const [status, answer] of Object.entries(operation.responses)) {
      const response = answer as ResponseObject;
      if (Number(status) >= 400) {
        const headers = HEADERS_OF[status];
        if (headers) response.headers = { ...response.headers, ...headers };
        response.content = {
          'application/json': {
            schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` },
          },
          'text/html': { schema: { type: 'string' } },
        };
      } else if (response.content?.['text/html']) {
        response.content['text/html'] = { schema: { type: 'string' } };
      }
    }
  }
  return document;
}
