import {
  Inject,
  Injectable,
  NestMiddleware,
  UnauthorizedException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { NextFunction, Request, Response } from 'express';
import { appConfig } from '../config/app.config';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';

declare module 'express-serve-static-core' {
  interface Request {
    /** The caller, set by the identity layer; the authorization guard reads it. */
    user?: User;
  }
}

/** The header that names the caller in this quickstart. */
export const USER_HEADER = 'x-user';

/**
 * The `WWW-Authenticate` challenge of a 401 (RFC 9110 requires one): it names
 * the header to send. Not a registered scheme, as X-User is no real one.
 */
export const USER_CHALLENGE = 'X-User realm="oso-nestjs-quickstart"';

/**
 * The quickstart's stand-in for authentication: the caller is the user the
 * `X-User` header names, or DEFAULT_USER when there is no header. A real app
 * replaces this with Passport or any middleware that sets `request.user`.
 */
@Injectable()
export class IdentityMiddleware implements NestMiddleware {
  constructor(
    private readonly users: UsersService,
    @Inject(appConfig.KEY)
    private readonly config: ConfigType<typeof appConfig>,
  ) {}

  async use(request: Request, response: Response, next: NextFunction) {
    // Every answer may differ by caller: caches must key on the header.
    response.vary(USER_HEADER);
    const name = request.header(USER_HEADER) ?? this.config.defaultUser;
    if (name !== undefined) {
      const user = await this.users.findByName(name);
      if (!user) {
        response.setHeader('WWW-Authenticate', USER_CHALLENGE);
        response.setHeader('Cache-Control', 'private, no-cache');
        throw new UnauthorizedException('Unknown user');
      }
      request.user = user;
    }
    next();
  }
}
