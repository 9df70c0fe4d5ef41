import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { NotFoundError } from 'oso';
import { setAuthorizationState } from '../authorization-state';
import { AuthorizeRule } from '../decorators/authorize.decorator';
import { Public } from '../decorators/public.decorator';
import type { OsoModuleOptions } from '../interfaces/oso-module-options.interface';
import { OSO_MODULE_OPTIONS } from '../oso.module-definition';
import { OsoService } from '../services/oso.service';

/**
 * Applied to every route. Denies by default: a route runs only when it is
 * `@Public()`, when its `@Authorize(...)` rule allows the caller, or, for
 * `@AuthorizeQuery(...)`, with a query the policy filtered. A resource that
 * does not exist fails with the same `NotFoundError` as one the caller may
 * not read, so the two answers are alike.
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
    private readonly oso: OsoService,
    @Inject(OSO_MODULE_OPTIONS) private readonly options: OsoModuleOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride(Public, targets)) return true;

    const rule = this.reflector.getAllAndOverride(AuthorizeRule, targets);
    if (!rule) {
      throw new ForbiddenException('This route has no authorization rule');
    }

    const user = this.getUser(context);
    if (typeof user !== 'object' || user === null) {
      throw new UnauthorizedException();
    }

    const request = context.switchToHttp().getRequest<Request>();
    if (rule.kind === 'query') {
      const query = await this.oso.authorizedQuery(
        user,
        rule.action,
        rule.resourceType,
      );
      setAuthorizationState(request, { query });
      return true;
    }

    // RouteReportService checked at startup that the resolver is a provider.
    const resolver = this.moduleRef.get(rule.resolver, { strict: false });
    setAuthorizationState(request, {
      notFoundMessage: resolver.notFoundMessage(request),
    });
    const resource = await resolver.resolve(request);
    if (resource === null || resource === undefined) {
      throw new NotFoundError();
    }
    await this.oso.authorize(user, rule.action, resource);
    setAuthorizationState(request, { resource });
    return true;
  }

  private getUser(context: ExecutionContext): unknown {
    if (this.options.getUser) return this.options.getUser(context);
    return context.switchToHttp().getRequest<{ user?: unknown }>().user;
  }
}
