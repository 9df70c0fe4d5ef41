import { PolarError } from 'oso/dist/src/errors';

/**
 * A filtered list reached through an attribute the class was registered
 * without: oso would answer an empty list, as if nothing were allowed.
 */
export class UnregisteredFieldError extends PolarError {
  override name = 'UnregisteredFieldError';

  constructor(className: string, attribute: string) {
    super(
      `${attribute} not found on ${className}: to filter a list through ${className}.${attribute}, register it in the OsoModule classes as a Relation field`,
    );
  }
}
