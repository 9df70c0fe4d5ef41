/**
 * What a cached answer is keyed by: for an instance of a registered class,
 * its class, primary key and every column-like value it holds (so an
 * object changed in memory is not taken for the stored one); for a string,
 * number or boolean, itself. Anything else, and an instance without a key
 * (not yet saved), has no key: its answers are never cached.
 */
export class DecisionKeys {
  /** `keys`: each registered class and [its policy name, its primary key]. */
  constructor(
    private readonly classes: ReadonlyMap<unknown, [string, string]>,
  ) {}

  /** An instance's primary key, when it is of a registered class. */
  primaryKeyOf(value: object): unknown {
    const registered = this.classes.get(value.constructor);
    return registered && (value as Record<string, unknown>)[registered[1]];
  }

  /** `Repository:3` for a log line; `Repository:unsaved` without a key. */
  labelOf(value: object): string {
    const registered = this.classes.get(value.constructor);
    if (!registered) return value.constructor.name;
    const key = (value as Record<string, unknown>)[registered[1]];
    const shown =
      key === undefined || key === null ? 'unsaved' : JSON.stringify(key);
    return `${registered[0]}:${shown}`;
  }

  of(value: unknown): string | undefined {
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number' || typeof value === 'boolean') {
      return String(value);
    }
    if (typeof value !== 'object' || value === null) return undefined;
    const registered = this.classes.get(value.constructor);
    if (!registered) return undefined;
    const [name, primaryKey] = registered;
    const key = (value as Record<string, unknown>)[primaryKey];
    if (key === undefined || key === null) return undefined;
    return `${name}${this.columns(value)}`;
  }

  /** The own values that are no objects, in order: `{id:1,name:"gmail"}`. */
  private columns(value: object): string {
    let text = '{';
    for (const [property, column] of Object.entries(value)) {
      if (column instanceof Date) {
        text += `${property}:${column.toISOString()},`;
      } else if (typeof column === 'bigint') {
        text += `${property}:${column}n,`;
      } else if (typeof column !== 'object' && typeof column !== 'function') {
        text += `${property}:${JSON.stringify(column) ?? 'undefined'},`;
      } else if (column === null) {
        text += `${property}:null,`;
      }
    }
    return `${text}}`;
  }
}
