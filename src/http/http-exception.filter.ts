import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  ServiceUnavailableException,
  InternalServerErrorException,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { authorizationHttpException } from '../authorization';
import {
  databaseUnavailableException,
  RETRY_AFTER_SECONDS,
} from '../database/database-unavailable';
import { escapeHtml } from './escape-html';
import { prefersHtml } from './prefers-html';
import { hasUnreadBody } from './unread-body';

/**
 * Every error answer goes through here, so all of them look alike: an HTML
 * page for browsers, Nest's usual JSON body for API clients, never a stack
 * trace. Oso's errors become 404 and 403, a failing database 503, a failing
 * policy 500; anything unexpected is logged and answers a bare 500.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpException');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const exception = toHttpException(error, request);
    const status = exception.getStatus();
    if (status >= 500) this.log(request, error, exception);

    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(status).vary('Accept');
    if (exception instanceof ServiceUnavailableException) {
      response.set('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    if (hasUnreadBody(request)) response.set('Connection', 'close');
    const message = messageOf(exception);
    if (prefersHtml(request)) {
      response
        .type('html')
        .send(`<h1>Whoops!</h1><p>${escapeHtml(message)}</p>`);
    } else {
      response.json({
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        message,
      });
    }
  }

  /** Server-side only: what failed, with the stack where nothing better says it. */
  private log(request: Request, error: unknown, exception: HttpException) {
    const route = `${request.method} ${request.originalUrl}`;
    const cause = exception.cause ?? error;
    if (exception instanceof ServiceUnavailableException) {
      this.logger.warn(`${route} answered 503: ${String(cause)}`);
    } else if (cause instanceof Error && cause !== error) {
      this.logger.error(`${route} failed: ${cause.message}`);
    } else {
      this.logger.error(
        `${route} failed`,
        error instanceof Error ? error.stack : String(error),
      );
    }
  }
}

function toHttpException(error: unknown, request: Request): HttpException {
  if (error instanceof HttpException) return error;
  const mapped =
    authorizationHttpException(error, request) ??
    databaseUnavailableException(error);
  if (mapped) return mapped;
  if (isClientHttpError(error)) {
    // Express's own errors (a malformed JSON body, say) carry a 4xx status.
    return new HttpException(
      error.expose ? error.message : (STATUS_CODES[error.status] ?? 'Error'),
      error.status,
      { cause: error },
    );
  }
  return new InternalServerErrorException();
}

/** An `http-errors` error, as body-parser throws (and `clientError` makes), for the client's mistake. */
function isClientHttpError(
  error: unknown,
): error is { status: number; expose?: boolean; message: string } {
  const { status } = (error ?? {}) as { status?: unknown };
  return (
    error instanceof Error &&
    typeof status === 'number' &&
    status >= 400 &&
    status < 500
  );
}

/** How many of a validation's messages an answer lists. */
export const MAX_MESSAGES = 10;

function messageOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const { message } = body as { message?: unknown };
  if (Array.isArray(message)) {
    // A body with thousands of bad fields gets a short answer, not a longer one.
    const more = message.length - MAX_MESSAGES;
    return [
      ...message.slice(0, MAX_MESSAGES).map(String),
      ...(more > 0 ? [`and ${more} more`] : []),
    ].join('; ');
  }
  if (typeof message === 'string') return message;
  return STATUS_CODES[exception.getStatus()] ?? 'Error';
}
