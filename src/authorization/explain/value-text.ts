import { Variable } from 'oso';

/**
 * Values as an explanation shows them: an instance of a registered class as
 * `Repository:2`, or with its columns (`Role:2 {name: "admin", userId: 1}`)
 * where it is the row a rule matched; anything else as Polar would write it.
 */
export class ValueText {
  /** `classes`: each registered class and [its policy name, its primary key]. */
  constructor(
    private readonly classes: ReadonlyMap<unknown, [string, string]>,
  ) {}

  brief(value: unknown): string {
    if (value === null || value === undefined) return 'nil';
    if (typeof value === 'string') return JSON.stringify(value);
    if (
      typeof value === 'number' ||
      typeof value === 'boolean' ||
      typeof value === 'bigint'
    ) {
      return String(value);
    }
    if (typeof value !== 'object') return typeof value;
    if (value instanceof Date) return JSON.stringify(value.toISOString());
    // A question's argument that its rule left unbound.
    if (value instanceof Variable) return '_';
    if (Array.isArray(value)) {
      const shown = value.slice(0, LIST_ITEMS).map((item) => this.brief(item));
      if (value.length > LIST_ITEMS) shown.push(`… ${value.length} in all`);
      return `[${shown.join(', ')}]`;
    }
    const registered = this.classes.get(value.constructor);
    if (!registered) return `${value.constructor.name} {}`;
    return `${registered[0]}:${this.brief(ownValues(value)[registered[1]])}`;
  }

  /** An instance with its columns; other values as {@link brief}. */
  row(value: unknown): string {
    const registered =
      typeof value === 'object' && value !== null
        ? this.classes.get(value.constructor)
        : undefined;
    if (!registered) return this.brief(value);
    const columns = Object.entries(ownValues(value as object))
      .filter(
        ([name, column]) =>
          name !== registered[1] &&
          (typeof column !== 'object' ||
            column === null ||
            column instanceof Date),
      )
      .map(([name, column]) => `${name}: ${this.brief(column)}`);
    return `${this.brief(value)} {${columns.join(', ')}}`;
  }
}

const LIST_ITEMS = 5;

/**
 * An object's own values, read without its getters: the policy's view of an
 * entity refuses to read an unloaded relation, which a row's text skips.
 */
function ownValues(value: object): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, descriptor] of Object.entries(
    Object.getOwnPropertyDescriptors(value),
  )) {
    if ('value' in descriptor && descriptor.value !== undefined) {
      values[name] = descriptor.value;
    }
  }
  return values;
}
