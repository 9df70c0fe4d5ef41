/**
 * The policy read an attribute that holds `undefined`: a relation neither
 * loaded with the instance nor registered as a `Relation` field, so Polar
 * would compare nothing and silently deny. A TypeError, because oso reports
 * those from inside the policy as Polar's application errors, with the rule.
 */
export class UnloadedAttributeError extends TypeError {
  override name = 'UnloadedAttributeError';

  constructor(className: string, attribute: string) {
    super(
      `${className}.${attribute} is undefined: load it with the ${className}, or register it in the OsoModule classes as a Relation field`,
    );
  }
}
