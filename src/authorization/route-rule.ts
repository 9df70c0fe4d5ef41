import type { Type } from '@nestjs/common';
import { RouteRuleConflictError } from './errors/route-rule-conflict.error';
import type { ResourceResolver } from './interfaces/resource-resolver.interface';

/**
 * How a route is authorized: not at all (`@Public()`), on the one resource it
 * names (`@Authorize`), or by filtering a query (`@AuthorizeQuery`).
 */
export type RouteRule =
  | { kind: 'public' }
  | { kind: 'resource'; action: string; resolver: Type<ResourceResolver> }
  | { kind: 'query'; action: string; resourceType: Type<object> };

const ROUTE_RULES = 'oso:route-rules';

/**
 * Records `rule` on a controller, or on a method under its name in its class
 * (not on the function, so a decorator that wraps the method cannot drop
 * it). Rules are kept as a list so that two on one level are seen and
 * refused, not silently overwritten.
 */
export function declareRouteRule(
  rule: RouteRule,
): ClassDecorator & MethodDecorator {
  return (target: object, key?: string | symbol) => {
    const rules = [rule, ...(rulesOn(target, key, { own: true }) ?? [])];
    if (key === undefined) Reflect.defineMetadata(ROUTE_RULES, rules, target);
    else Reflect.defineMetadata(ROUTE_RULES, rules, target, key);
  };
}

/** The rules on a class (no key) or one of its methods, own or inherited. */
function rulesOn(
  target: object,
  key: string | symbol | undefined,
  { own = false } = {},
): RouteRule[] | undefined {
  const read = own ? Reflect.getOwnMetadata : Reflect.getMetadata;
  return (
    key === undefined
      ? read(ROUTE_RULES, target)
      : read(ROUTE_RULES, target, key)
  ) as RouteRule[] | undefined;
}

/**
 * The rule that applies to `handler` of `controller`: the method's (declared
 * on it or on the method it overrides) if there is one, else the
 * controller's (or an inherited controller's), else none. The nearest rule
 * wins whatever its kind, so a method's `@Authorize` is never overridden by
 * its class's `@Public()`. Two rules on one level, either level, are a
 * contradiction: {@link RouteRuleConflictError}.
 */
export function routeRuleOf(
  handler: object,
  controller: Type,
): RouteRule | undefined {
  const method = methodNameOf(handler, controller);
  const levels: [RouteRule[] | undefined, string][] = [
    [rulesOn(controller.prototype as object, method), 'the method'],
    [rulesOn(controller, undefined), 'the class'],
  ];
  for (const [rules, on] of levels) {
    if (rules && rules.length > 1) {
      throw new RouteRuleConflictError(
        `${controller.name}.${String(method)} has ${rules.length} authorization rules on ${on}: ${rules.map(describeRouteRule).join(', ')}. Keep one.`,
      );
    }
  }
  return levels.map(([rules]) => rules?.[0]).find(Boolean);
}

const methodNames = new WeakMap<object, string | symbol>();

/** The name `handler` has in the class chain of `controller`. */
function methodNameOf(handler: object, controller: Type): string | symbol {
  const known = methodNames.get(handler);
  if (known !== undefined) return known;
  for (
    let prototype: object | null = controller.prototype as object;
    prototype && prototype !== Object.prototype;
    prototype = Object.getPrototypeOf(prototype) as object | null
  ) {
    for (const key of Reflect.ownKeys(prototype)) {
      if (Object.getOwnPropertyDescriptor(prototype, key)?.value === handler) {
        methodNames.set(handler, key);
        return key;
      }
    }
  }
  // Failing closed: without the name, the method's own rule cannot be found.
  throw new Error(`No method of ${controller.name} is this route's handler`);
}

/** The rule as it is written in code, for logs and messages. */
export function describeRouteRule(rule: RouteRule): string {
  switch (rule.kind) {
    case 'public':
      return '@Public()';
    case 'resource':
      return `@Authorize('${rule.action}', ${rule.resolver.name})`;
    case 'query':
      return `@AuthorizeQuery('${rule.action}', ${rule.resourceType.name})`;
  }
}
