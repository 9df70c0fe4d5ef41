import type { INestApplication } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { appConfig } from './config/app.config';
import { BODY_LIMIT_BYTES, refuseLargeBodies } from './http/body-limit';
import { ignoreConditionalHeaders } from './http/conditional-headers';
import { refuseDeepJson } from './http/json-depth';
import { setupOpenApi } from './http/openapi';

/** What main.ts and the e2e specs both do to an app before it starts. */
export function setupApp(app: INestApplication): void {
  // Standard security headers on every answer, errors and /docs included.
  // No upgrade-insecure-requests: over plain HTTP at any name but localhost
  // the browser would fetch /docs's scripts and styles over https, and fail.
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    }),
  );
  // No ETags, and so no conditional requests: answers depend on the caller
  // and on a policy that reloads, and a 304 is no answer an API client
  // expects (none is described). Express would answer `If-None-Match: *`
  // with a 304 even without an ETag.
  (app as NestExpressApplication).set('etag', false);
  app.use(ignoreConditionalHeaders);
  const { corsOrigins } = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  if (corsOrigins.length) {
    // Pages on these origins call the API: the preflight allows the headers
    // a client sends, and the answer shows them the headers errors carry.
    app.enableCors({
      origin: corsOrigins.includes('*') ? '*' : corsOrigins,
      allowedHeaders: ['Accept', 'Content-Type', 'X-User'],
      exposedHeaders: ['WWW-Authenticate', 'Retry-After'],
      maxAge: 600,
    });
  }
  app.use(refuseLargeBodies());
  // Replaces Nest's JSON parser (same limit) with one that refuses deeply
  // nested bodies before they are parsed or validated.
  (app as NestExpressApplication).useBodyParser('json', {
    limit: BODY_LIMIT_BYTES,
    verify: refuseDeepJson(),
  });
  setupOpenApi(app);
}
