import { closestName } from '../errors/closest-name';
import { UnloadedAttributeError } from '../errors/unloaded-attribute.error';

/**
 * What the policy sees of the app's objects: instances of the registered
 * classes behind a proxy that refuses to read an attribute holding
 * `undefined`. An entity's relation that was not loaded is such an
 * attribute (TypeORM leaves it declared but undefined); Polar would compare
 * nothing and deny without a word. Values read through the proxy are wrapped
 * in turn, so the rule holds all the way down `actor.roles`.
 */
export class StrictInstances {
  private readonly proxies = new WeakMap<object, object>();
  /** "is_public not found on Repository" -> "isPublic", as Polar asked. */
  private readonly suggestions = new Map<string, string>();

  /** `names`: each registered class and the name the policy gives it. */
  constructor(private readonly names: ReadonlyMap<unknown, string>) {}

  wrap<T>(value: T): T {
    if (typeof value !== 'object' || value === null) return value;
    const className = this.names.get(value.constructor);
    if (className === undefined && !Array.isArray(value)) return value;
    let proxy = this.proxies.get(value);
    if (!proxy) {
      proxy = new Proxy(value, {
        // Polar asks `attribute in instance` before it reads: a name the
        // instance lacks gets the one it most likely meant, for the error.
        has: (target, property) => {
          const present = Reflect.has(target, property);
          if (
            !present &&
            className !== undefined &&
            typeof property === 'string'
          ) {
            const meant = closestName(property, Object.keys(target));
            if (meant)
              this.suggestions.set(
                `${property} not found on ${className}`,
                meant,
              );
          }
          return present;
        },
        get: (target, property) => {
          const attribute = Reflect.get(target, property) as unknown;
          if (
            attribute === undefined &&
            className !== undefined &&
            typeof property === 'string' &&
            property in target
          ) {
            throw new UnloadedAttributeError(className, property);
          }
          return this.wrap(attribute);
        },
      });
      this.proxies.set(value, proxy);
    }
    return proxy as T;
  }

  /** The attribute a Polar error about a missing one most likely meant. */
  suggestionFor(message: string): string | undefined {
    const missing = /(\S+ not found on \S+)/.exec(message)?.[1];
    return missing === undefined ? undefined : this.suggestions.get(missing);
  }
}
