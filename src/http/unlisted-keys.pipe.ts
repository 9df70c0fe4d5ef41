import {
  type ArgumentMetadata,
  BadRequestException,
  Injectable,
  type PipeTransform,
} from '@nestjs/common';

/**
 * Refuses a body or query that names a property every object inherits
 * (`constructor`, `__proto__`, `toString`, ...), as the validation refuses
 * any other unknown field: class-transformer never copies those onto the
 * DTO, so the whitelist never sees them, and `{"role":"admin",
 * "constructor":1}` or `?toString=x` would pass.
 */
@Injectable()
export class UnlistedKeysPipe implements PipeTransform {
  transform(value: unknown, { type }: ArgumentMetadata): unknown {
    if ((type === 'body' || type === 'query') && isObject(value)) {
      const found = inheritedKeys(value);
      if (found.length) {
        throw new BadRequestException(
          found.map((key) => `property ${key} should not exist`),
        );
      }
    }
    return value;
  }
}

const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null;

/** Every own key of `value`, at any depth, that an object would otherwise inherit. */
function inheritedKeys(value: object): string[] {
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(key in Object.prototype ? [key] : []),
    ...(isObject(inner) ? inheritedKeys(inner) : []),
  ]);
}
