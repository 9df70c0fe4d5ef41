import type { OpenAPIObject } from '@nestjs/swagger';
import type { RequestBodyObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { operationsOf } from './operations';

/**
 * `document` with every request body's schema closed to fields it does not
 * name, as the validation refuses them with 400: a generated client then
 * refuses them too, before sending.
 */
export function withClosedRequestBodies(
  document: OpenAPIObject,
): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  for (const [, operation] of operationsOf(document)) {
    const body = operation.requestBody as RequestBodyObject | undefined;
    for (const { schema } of Object.values(body?.content ?? {})) {
      const name =
        schema && '$ref' in schema ? schema.$ref.split('/').pop() : undefined;
      const named = name === undefined ? undefined : schemas[name];
      if (named && !('$ref' in named)) {
        named.additionalProperties = false;
      }
    }
  }
  return document;
}
