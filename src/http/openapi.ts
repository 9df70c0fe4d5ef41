import type { INestApplication } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  DocumentBuilder,
  type OpenAPIObject,
  SwaggerModule,
} from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { appConfig } from '../config/app.config';
import { USER_HEADER } from '../identity/identity.middleware';

/** The one body of every error answer, as the app's exception filter writes it. */
const ERROR_SCHEMA = 'Error';

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
        'Send `Accept: application/json`: browsers, `*/*` and a request without `Accept` get HTML pages, errors included.',
    )
    .setVersion('0.1.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-User',
        description:
          defaultUser === undefined
            ? "The caller's user name; a request without it answers 401"
            : `The caller's user name. Without it a request acts as ${defaultUser}, this app's DEFAULT_USER (a development setting: under NODE_ENV=production there is none unless set)`,
      },
      USER_HEADER,
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
    { [USER_HEADER]: [] },
    ...(defaultUser === undefined ? [] : [{}]),
  ];
  return withErrorBodies(inPathOrder(document));
}

/**
 * `document` with each operation's parameters as its path names them, then
 * the rest: Nest lists a method's before its controller's, and generators
 * that take parameters by position would ask for `user` before `name`.
 */
function inPathOrder(document: OpenAPIObject): OpenAPIObject {
  for (const [path, operation] of operationsOf(document)) {
    const parameters = operation.parameters as ParameterObject[] | undefined;
    if (!Array.isArray(parameters)) continue;
    const place = (parameter: ParameterObject) =>
      parameter.in === 'path'
        ? path.indexOf(`{${parameter.name}}`)
        : Number.MAX_SAFE_INTEGER;
    parameters.sort((a, b) => place(a) - place(b));
  }
  return document;
}

/**
 * `document` with the body of every error answer: `{statusCode, error,
 * message}` as JSON, an HTML page for a browser. An HTML answer, error or
 * not, is a string.
 */
function withErrorBodies(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      [ERROR_SCHEMA]: {
        type: 'object',
        required: ['statusCode', 'error', 'message'],
        properties: {
          statusCode: { type: 'integer', example: 404 },
          error: { type: 'string', example: 'Not Found' },
          message: {
            type: 'string',
            example: 'Repo named react was not found',
          },
        },
      },
    },
  };
  for (const [, operation] of operationsOf(document)) {
    for (const [status, answer] of Object.entries(operation.responses)) {
      const response = answer as ResponseObject;
      if (Number(status) >= 400) {
        response.content = {
          'application/json': {
            schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` },
          },
          'text/html': { schema: { type: 'string' } },
        };
      } else if (response.content?.['text/html']) {
        response.content['text/html'] = { schema: { type: 'string' } };
      }
    }
  }
  return document;
}

/** Every operation of `document`, with its path. */
function operationsOf(document: OpenAPIObject): [string, OperationObject][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.values(item)
      .filter(
        (operation): operation is OperationObject =>
          typeof operation === 'object' &&
          operation !== null &&
          'responses' in operation,
      )
      .map((operation): [string, OperationObject] => [path, operation]),
  );
}
