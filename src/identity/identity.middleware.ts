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

  async use(request: Request, _response: Response, next: NextFunction) {
    const name = request.header(USER_HEADER) ?? this.config.defaultUser;
    if (name !== undefined) {
      const user = await this.users.findByName(name);
      if (!user) throw new UnauthorizedException('Unknown user');
      request.user = user;
    }
    next();
  }
}
