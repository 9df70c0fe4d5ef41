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
 * Records `rule` on a controller or a handler. Rules are kept as a list so
 * that two on one level are seen and refused, not silently overwritten.
 */
export function declareRouteRule(
  rule: RouteRule,
): ClassDecorator & MethodDecorator {
  return (
    target: object,
    _key?: string | symbol,
    descriptor?: PropertyDescriptor,
  ) => {
    const holder = (descriptor?.value as object | undefined) ?? target;
    const rules = (Reflect.getOwnMetadata(ROUTE_RULES, holder) ??
      []) as RouteRule[];
    Reflect.defineMetadata(ROUTE_RULES, [rule, ...rules], holder);
  };
}

/**
 * The rule that applies to `handler` of `controller`: the handler's own if it
 * has one, else the controller's (or an inherited controller's), else none.
 * The nearest rule wins whatever its kind, so a method's `@Authorize` is never
 * overridden by its class's `@Public()`. Two rules on one level are a
 * contradiction: {@link RouteRuleConflictError}.
 */
export function routeRuleOf(
  handler: object,
  controller: Type,
): RouteRule | undefined {
  const levels: [object, string][] = [
    [handler, 'the method'],
    [controller, 'the class'],
  ];
  for (const [target, on] of levels) {
    const rules = Reflect.getMetadata(ROUTE_RULES, target) as
      RouteRule[] | undefined;
    if (!rules?.length) continue;
    if (rules.length > 1) {
      const name = (handler as { name?: string }).name ?? 'handler';
      throw new RouteRuleConflictError(
        `${controller.name}.${name} has ${rules.length} authorization rules on ${on}: ${rules.map(describeRouteRule).join(', ')}. Keep one.`,
      );
    }
    return rules[0];
  }
  return undefined;
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
