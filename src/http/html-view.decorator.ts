import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { HtmlViewInterceptor, HtmlViewTemplate } from './html-view.interceptor';
import type { HtmlViewFn } from './html-view.interceptor';

/**
 * Lets a JSON handler also answer HTML: clients that prefer HTML get
 * `view(result)`, clients that ask for `application/json` get the result.
 * The view must escape what it embeds.
 */
export const HtmlView = (view: HtmlViewFn): MethodDecorator =>
  applyDecorators(HtmlViewTemplate(view), UseInterceptors(HtmlViewInterceptor));
