import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** Every operation of `document`, with its path. */
export function operationsOf(
  document: OpenAPIObject,
): [string, OperationObject][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.values(item)
      .filter(
        (operation): operation is OperationObject =>
          typeof operation === 'object' &&
          operation !== null &&
          'responses' in operation,
      )
      .map((operation): [string, OperationObject] => [path, operation]),
  );
}
