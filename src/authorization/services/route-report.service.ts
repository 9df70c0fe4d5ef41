import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  RequestMethod,
  type Type,
} from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModuleRef } from '@nestjs/core';
import { describeRouteRule, routeRuleOf } from '../route-rule';

type Handler = (...args: unknown[]) => unknown;

/** One route and what guards it, as the startup log shows it. */
export interface RouteAuthorization {
  method: string;
  path: string;
  /** The rule that applies, as written; undefined when there is none. */
  guard: string | undefined;
}

/**
 * Logs every route with the rule that guards it when the app starts, and
 * warns about each route with no rule at all: the guard refuses those with
 * 403, and the log says so before anyone is surprised by it. A route with two
 * rules on one level, or whose resolver is not a provider, stops the app
 * here, rather than failing (or passing) its first request.
 */
@Injectable()
export class RouteReportService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Authorization');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly moduleRef: ModuleRef,
  ) {}

  onApplicationBootstrap(): void {
    this.checkRules();
    for (const { method, path, guard } of this.routes()) {
      if (guard) {
        this.logger.log(`${method} ${path} ${guard}`);
      } else {
        this.logger.warn(
          `${method} ${path} is unguarded and answers 403: add @Authorize(...) or @Public()`,
        );
      }
    }
  }

  /** Reads every route's rule, so a conflict stops the app, and finds each resolver. */
  private checkRules(): void {
    for (const { handler, controller } of this.handlers()) {
      const rule = routeRuleOf(handler, controller);
      if (rule?.kind !== 'resource') continue;
      try {
        this.moduleRef.introspect(rule.resolver);
      } catch (error) {
        throw new Error(
          `${rule.resolver.name}, used by ${controller.name}.${handler.name}, is not a provider: list it in the providers of the module that declares the route`,
          { cause: error },
        );
      }
    }
  }

  routes(): RouteAuthorization[] {
    return this.handlers().flatMap(({ handler, controller }) =>
      this.describe(controller, handler),
    );
  }

  /** Every route handler of every controller. */
  private handlers(): { handler: Handler; controller: Type }[] {
    return this.discovery.getControllers().flatMap(({ metatype }) => {
      if (!metatype) return [];
      const prototype = metatype.prototype as Record<string, unknown>;
      return this.scanner
        .getAllMethodNames(prototype)
        .map((name) => prototype[name])
        .filter((handler): handler is Handler =>
          Reflect.hasMetadata(METHOD_METADATA, handler as object),
        )
        .map((handler) => ({ handler, controller: metatype as Type }));
    });
  }

  private describe(controller: Type, handler: Handler): RouteAuthorization[] {
    const method =
      RequestMethod[
        Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod
      ];
    const rule = routeRuleOf(handler, controller);
    const guard = rule && describeRouteRule(rule);
    return paths(controller).flatMap((prefix) =>
      paths(handler).map((path) => ({
        method,
        path: join(prefix, path),
        guard,
      })),
    );
  }
}

function paths(target: object): string[] {
  const path = Reflect.getMetadata(PATH_METADATA, target) as
    string | string[] | undefined;
  return Array.isArray(path) ? path : [path ?? '/'];
}

function join(...parts: string[]): string {
  const joined = parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}
