import {
  CanActivate,
  ExecutionContext,
  Injectable,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import { hasBody } from './unread-body';

/**
 * Refuses a request body the route does not take, with 415: a body to a
 * route without `@Body()`, or a body that is not JSON to one with it. The
 * exception filter closes the connection rather than read what is left of it.
 */
@Injectable()
export class RequestBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!hasBody(request)) return true;
    const takesJson = takesBody(context.getClass(), context.getHandler().name);
    if (takesJson && request.is('json')) return true;

    throw new UnsupportedMediaTypeException(
      takesJson
        ? 'This route takes an application/json body'
        : 'This route takes no request body',
    );
  }
}

/** Whether the handler reads the body (`@Body()` or `@RawBody()`). */
function takesBody(controller: object, handler: string): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ??
    {}) as Record<string, unknown>;
  const body = [RouteParamtypes.BODY, RouteParamtypes.RAW_BODY].map(String);
  return Object.keys(args).some((key) => body.includes(key.split(':')[0]));
}
