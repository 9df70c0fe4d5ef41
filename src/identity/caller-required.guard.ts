import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { USER_CHALLENGE } from './identity.middleware';

/**
 * For a `@Public()` route that still needs someone asking: without a
 * caller it answers 401, as a guarded route does, so that refusing
 * anonymous requests (`DEFAULT_USER=` empty) refuses them here too.
 */
@Injectable()
export class CallerRequiredGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    if (http.getRequest<Request>().user) return true;
    http.getResponse<Response>().setHeader('WWW-Authenticate', USER_CHALLENGE);
    throw new UnauthorizedException();
  }
}
