import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { map, Observable } from 'rxjs';
import { prefersHtml } from './prefers-html';

/** Renders a handler's result as an HTML page. */
export type HtmlViewFn = (data: any) => string;

/** The view a handler registered with `@HtmlView(...)`. */
export const HtmlViewTemplate = Reflector.createDecorator<HtmlViewFn>();

@Injectable()
export class HtmlViewInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const view = this.reflector.get(HtmlViewTemplate, context.getHandler());
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    response.vary('Accept');
    if (!prefersHtml(request)) return next.handle();
    return next.handle().pipe(
      map((data) => {
        response.type('html');
        return view(data);
      }),
    );
  }
}
