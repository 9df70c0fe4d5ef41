import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  InternalServerErrorException,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { authorizationHttpException } from '../authorization';
import { escapeHtml } from './escape-html';
import { prefersHtml } from './prefers-html';

/**
 * Every error answer goes through here, so all of them look alike: an HTML
 * page for browsers, Nest's usual JSON body for API clients, never a stack
 * trace. Oso's errors become 404 and 403; anything unexpected is logged and
 * answers a bare 500.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpException');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const exception = this.toHttpException(error, request);
    const status = exception.getStatus();
    const message = messageOf(exception);

    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(status).vary('Accept');
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

  private toHttpException(error: unknown, request: Request): HttpException {
    if (error instanceof HttpException) return error;
    const mapped = authorizationHttpException(error, request);
    if (mapped) return mapped;
    if (isClientHttpError(error)) {
      // Express's own errors (a malformed JSON body, say) carry a 4xx status.
      return new HttpException(
        error.expose ? error.message : (STATUS_CODES[error.status] ?? 'Error'),
        error.status,
        { cause: error },
      );
    }
    this.logger.error(
      `${request.method} ${request.originalUrl} failed`,
      error instanceof Error ? error.stack : String(error),
    );
    return new InternalServerErrorException();
  }
}

/** An `http-errors` error, as body-parser throws, for the client's mistake. */
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

function messageOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const { message } = body as { message?: unknown };
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return STATUS_CODES[exception.getStatus()] ?? 'Error';
}
