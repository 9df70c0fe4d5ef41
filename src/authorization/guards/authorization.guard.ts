import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  Scope,
  type Type,
  UnauthorizedException,
} from '@nestjs/common';
import { ContextIdFactory, ModuleRef } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AuthorizationError, NotFoundError } from 'oso';
import { setAuthorizationState } from '../authorization-state';
import { authorizationHttpException } from '../errors/authorization-http-exception';
import { PolicyEvaluationError } from '../errors/policy-evaluation.error';
import type { OsoModuleOptions } from '../interfaces/oso-module-options.interface';
import type { ResourceResolver } from '../interfaces/resource-resolver.interface';
import { OSO_MODULE_OPTIONS } from '../oso.module-definition';
import { type RouteRule, routeRuleOf } from '../route-rule';
import { OsoService } from '../services/oso.service';

/**
 * Applied to every route. Denies by default: a route runs only when it is
 * `@Public()`, when its `@Authorize(...)` rule allows the caller, or, for
 * `@AuthorizeQuery(...)`, with a query the policy filtered. The rule nearest
 * the handler decides. A resource that does not exist fails with the same
 * 404, after the same policy queries, as one the caller may not read, so
 * neither the answer nor its timing tells them apart. Refusals are Nest's own
 * HTTP exceptions, so the module needs no exception filter of the app's.
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  private readonly logger = new Logger('Authorization');

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly oso: OsoService,
    @Inject(OSO_MODULE_OPTIONS) private readonly options: OsoModuleOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = routeRuleOf(context.getHandler(), context.getClass());
    if (rule?.kind === 'public') return true;

    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    // What follows depends on who is asking: no shared cache may keep it.
    response.setHeader('Cache-Control', 'private, no-cache');
    if (!rule) {
      throw new ForbiddenException('This route has no authorization rule');
    }

    const user = this.getUser(context);
    if (typeof user !== 'object' || user === null) {
      response.setHeader(
        'WWW-Authenticate',
        this.options.wwwAuthenticate ?? 'Bearer',
      );
      throw new UnauthorizedException();
    }

    try {
      await this.authorize(request, user, rule);
    } catch (error) {
      throw authorizationHttpException(error, request) ?? error;
    }
    return true;
  }

  private async authorize(
    request: Request,
    user: object,
    rule: Exclude<RouteRule, { kind: 'public' }>,
  ): Promise<void> {
    if (rule.kind === 'query') {
      const query = await this.oso.authorizedQuery(
        user,
        rule.action,
        rule.resourceType,
      );
      setAuthorizationState(request, { query });
      return;
    }

    const resolver = await this.resolverFor(rule.resolver, request);
    setAuthorizationState(request, {
      notFoundMessage: resolver.notFoundMessage(request),
    });
    const resource = await resolver.resolve(request);
    if (resource === null || resource === undefined) {
      await this.evaluateInVain(user, rule.action, resolver, request);
      throw new NotFoundError();
    }
    await this.oso.authorize(user, rule.action, resource);
    setAuthorizationState(request, { resource });
  }

  /**
   * Asks the policy about the resolver's placeholder and drops the answer:
   * a missing resource costs the queries a hidden one does. Only a failing
   * policy gets through, as it would for a real resource; the log says when
   * the placeholder may be what it failed on.
   */
  private async evaluateInVain(
    user: object,
    action: string,
    resolver: ResourceResolver,
    request: Request,
  ): Promise<void> {
    try {
      // Kept, when answers are, under what the request named, as a hidden
      // resource's answer is under its key: a missing one asked again is
      // answered as fast as a hidden one asked again.
      await this.oso.authorize(user, action, resolver.placeholder(request), {
        resourceKey: `missing ${resolver.constructor.name}: ${resolver.notFoundMessage(request)}`,
      });
    } catch (error) {
      if (error instanceof PolicyEvaluationError) {
        this.logger.error(
          `The policy failed on ${resolver.constructor.name}.placeholder(): unless it fails on real resources too, give the placeholder every attribute a real one has. ${error.message}`,
        );
      }
      if (!(error instanceof AuthorizationError)) throw error;
    }
  }

  /**
   * The resolver's instance for this request: the singleton, or, for a
   * request-scoped or transient resolver, the one of this request's context.
   */
  private async resolverFor(
    resolver: Type<ResourceResolver>,
    request: Request,
  ): Promise<ResourceResolver> {
    if (this.moduleRef.introspect(resolver).scope === Scope.DEFAULT) {
      return this.moduleRef.get(resolver, { strict: false });
    }
    const contextId = ContextIdFactory.getByRequest(request);
    this.moduleRef.registerRequestByContextId(request, contextId);
    return this.moduleRef.resolve(resolver, contextId, { strict: false });
  }

  private getUser(context: ExecutionContext): unknown {
    if (this.options.getUser) return this.options.getUser(context);
    return context.switchToHttp().getRequest<{ user?: unknown }>().user;
  }
}
