import type { OpenAPIObject } from '@nestjs/swagger';
import type { ParameterObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { operationsOf } from './operations';

/**
 * `document` with each operation's parameters as its path names them, then
 * the rest: Nest lists a method's before its controller's, and generators
 * that take parameters by position would ask for `user` before `name`.
 */
export function inPathOrder(document: OpenAPIObject): OpenAPIObject {
  for (const [path, operation] of operationsOf(document)) {
    const parameters = operation.parameters as ParameterObject[] | undefined;
    if (!Array.isArray(parameters)) continue;
    const place = (parameter: ParameterObject) =>
      parameter.in === 'path'
        ? path.indexOf(`{${parameter.name}}`)
        : Number.MAX_SAFE_INTEGER;
    parameters.sort((a, b) => place(a) - place(b));
  }
  return document;
}
