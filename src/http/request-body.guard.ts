import {
  CanActivate,
  ExecutionContext,
  Injectable,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request, Response } from 'express';

/**
 * Refuses a request body the route does not take, with 415: a body to a
 * route without `@Body()`, or a body that is not JSON to one with it. A body
 * nobody reads is not read at all: the connection is closed after the answer,
 * rather than drained.
 */
@Injectable()
export class RequestBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (!hasBody(request)) return true;
    const takesJson = takesBody(context.getClass(), context.getHandler().name);
    if (takesJson && request.is('json')) return true;

    if (!request.complete)
      http.getResponse<Response>().set('Connection', 'close');
    throw new UnsupportedMediaTypeException(
      takesJson
        ? 'This route takes an application/json body'
        : 'This route takes no request body',
    );
  }
}

function hasBody(request: Request): boolean {
  return (
    request.headers['transfer-encoding'] !== undefined ||
    Number(request.headers['content-length']) > 0
  );
}

/** Whether the handler reads the body (`@Body()` or `@RawBody()`). */
function takesBody(controller: object, handler: string): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ??
    {}) as Record<string, unknown>;
  const body = [RouteParamtypes.BODY, RouteParamtypes.RAW_BODY].map(String);
  return Object.keys(args).some((key) => body.includes(key.split(':')[0]));
}
