import {
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  NotFoundException,
} from '@nestjs/common';
import { ForbiddenError, NotFoundError } from 'oso';
import { getAuthorizationState } from '../authorization-state';
import { PolicyEvaluationError } from './policy-evaluation.error';

/**
 * The one mapping of oso's errors to HTTP: `NotFoundError` (the caller may not
 * even read the resource, or it does not exist) is a 404 carrying the route's
 * not-found message, `ForbiddenError` (it may read but not act) a 403. The oso
 * error is kept as `cause`. A policy that failed while deciding is a 500.
 * Anything else is not the authorization module's and yields `undefined`.
 */
export function authorizationHttpException(
  error: unknown,
  request: object,
): HttpException | undefined {
  if (error instanceof NotFoundError) {
    const message = getAuthorizationState(request)?.notFoundMessage;
    return new NotFoundException(message ?? 'Not Found', {
      cause: error,
      description: 'Not Found',
    });
  }
  if (error instanceof ForbiddenError) {
    return new ForbiddenException('Forbidden', {
      cause: error,
      description: 'Forbidden',
    });
  }
  if (error instanceof PolicyEvaluationError) {
    return new InternalServerErrorException(undefined, { cause: error });
  }
  return undefined;
}
