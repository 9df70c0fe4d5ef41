import {
  ForbiddenException,
  HttpException,
  NotFoundException,
} from '@nestjs/common';
import { ForbiddenError, NotFoundError } from 'oso';
import { getAuthorizationState } from '../authorization-state';

/**
 * The one mapping of oso's errors to HTTP: `NotFoundError` (the caller may not
 * even read the resource, or it does not exist) is a 404 carrying the route's
 * not-found message, `ForbiddenError` (it may read but not act) a 403. The oso
 * error is kept as `cause`. Anything else is not an authorization answer and
 * yields `undefined`.
 */
export function authorizationHttpException(
  error: unknown,
  request: object,
): HttpException | undefined {
  if (error instanceof NotFoundError) {
    const message = getAuthorizationState(request)?.notFoundMessage;
    return new NotFoundException(message ?? 'Not Found', { cause: error });
  }
  if (error instanceof ForbiddenError) {
    return new ForbiddenException('Forbidden', { cause: error });
  }
  return undefined;
}
