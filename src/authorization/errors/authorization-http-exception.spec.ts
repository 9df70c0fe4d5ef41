import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { ForbiddenError, NotFoundError, OsoError } from 'oso/dist/src/errors';
import { setAuthorizationState } from '../authorization-state';
import { authorizationHttpException } from './authorization-http-exception';

describe('authorizationHttpException', () => {
  it("maps NotFoundError to a 404 carrying the route's message and the cause", () => {
    const request = {};
    setAuthorizationState(request, {
      notFoundMessage: 'Repo named x was not found',
    });
    const error = new NotFoundError();
    const mapped = authorizationHttpException(error, request);
    expect(mapped).toBeInstanceOf(NotFoundException);
    expect(mapped?.getStatus()).toBe(404);
    expect(mapped?.message).toBe('Repo named x was not found');
    expect(mapped?.cause).toBe(error);
  });

  it('maps NotFoundError outside a guarded route to a plain 404', () => {
    const mapped = authorizationHttpException(new NotFoundError(), {});
    expect(mapped?.getStatus()).toBe(404);
    expect(mapped?.message).toBe('Not Found');
  });

  it('maps ForbiddenError to a 403 with the cause', () => {
    const error = new ForbiddenError();
    const mapped = authorizationHttpException(error, {});
    expect(mapped).toBeInstanceOf(ForbiddenException);
    expect(mapped?.cause).toBe(error);
  });

  it('leaves other errors, oso errors included, to the caller', () => {
    expect(
      authorizationHttpException(new OsoError('boom'), {}),
    ).toBeUndefined();
    expect(authorizationHttpException(new Error('boom'), {})).toBeUndefined();
  });
});
