import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { User } from '../users/user.entity';

/** The caller (`request.user`), for handlers that act as them. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): User => {
    const user = context.switchToHttp().getRequest<Request>().user;
    if (!user) {
      throw new Error(
        '@CurrentUser() is only for routes that require a caller',
      );
    }
    return user;
  },
);
