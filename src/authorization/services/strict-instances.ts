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

  /** `names`: each registered class and the name the policy gives it. */
  constructor(private readonly names: ReadonlyMap<unknown, string>) {}

  wrap<T>(value: T): T {
    if (typeof value !== 'object' || value === null) return value;
    const className = this.names.get(value.constructor);
    if (className === undefined && !Array.isArray(value)) return value;
    let proxy = this.proxies.get(value);
    if (!proxy) {
      proxy = new Proxy(value, {
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
}
