import type { INestApplication } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  DocumentBuilder,
  type OpenAPIObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { appConfig } from '../config/app.config';
import { withClosedRequestBodies } from './api-description/closed-request-bodies';
import { withCommonAnswers } from './api-description/common-answers';
import { withErrorBodies } from './api-description/error-bodies';
import { inPathOrder } from './api-description/path-order';

/** The security scheme of the X-User header. */
const USER_SCHEME = 'X-User';

/** Serves the API description: a browsable page at /docs, JSON at /docs-json. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => apiDocument(app));
}

/** The description of `app`'s API, as /docs-json serves it. */
export function apiDocument(app: INestApplication): OpenAPIObject {
  const { defaultUser } = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  const config = new DocumentBuilder()
    .setTitle('oso-nestjs-quickstart')
    .setDescription(
      "Oso's quickstart in NestJS: every operation is authorized by the Polar policy in policies/. " +
        'Send `Accept: application/json`: to browsers, `*/*` and a request without `Accept`, ' +
        "`GET /repo/{name}` answers the quickstart's HTML page, and every error is an HTML page. " +
        'Before any operation, the HTTP server itself answers 431, without a body, to request headers over 16 kB.',
    )
    .setVersion('0.1.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-User',
        description:
          "The caller, by user name: the quickstart's stand-in for authentication, not authentication (anyone may send any name; put real authentication in front of the app before it faces anyone). " +
          (defaultUser === undefined
            ? 'A request without it answers 401.'
            : `Without it a request acts as ${defaultUser}, this app's DEFAULT_USER (a development setting: under NODE_ENV=production there is none unless set).`),
      },
      USER_SCHEME,
    )
    .addServer('/', 'This app, where it is served')
    .addTag(
      'repositories',
      'Repositories: read one, push, delete, list those you may read',
    )
    .addTag(
      'roles',
      'Who holds which role on a repository; granting and revoking them',
    )
    .addTag('issues', "A repository's issues: list, open, read, close")
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // The header is optional where a default caller stands in for it.
  document.security = [
    { [USER_SCHEME]: [] },
    ...(defaultUser === undefined ? [] : [{}]),
  ];
  // DocumentBuilder leaves an empty contact: there is none.
  delete document.info.contact;
  return withClosedRequestBodies(
    withErrorBodies(withCommonAnswers(inPathOrder(document))),
  );
}
