import type { OpenAPIObject } from '@nestjs/swagger';
import type { ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { operationsOf } from './operations';

/** The one body of every error answer, as the app's exception filter writes it. */
export const ERROR_SCHEMA = 'Error';

/**
 * `document` with the body of every error answer: `{statusCode, error,
 * message}` as JSON, an HTML page for a browser. An HTML answer, error or
 * not, is a string.
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
