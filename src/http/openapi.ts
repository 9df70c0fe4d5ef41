import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { USER_HEADER } from '../identity/identity.middleware';

/** Serves the API description: a browsable page at /docs, JSON at /docs-json. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('oso-nestjs-quickstart')
    .setDescription(
      "Oso's quickstart in NestJS: every operation is authorized by the Polar policy in policies/.",
    )
    .setVersion('0.1.0')
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-User',
        description: 'The caller (the quickstart stand-in for authentication)',
      },
      USER_HEADER,
    )
    .addSecurityRequirements(USER_HEADER)
    .build();
  SwaggerModule.setup('docs', app, () =>
    SwaggerModule.createDocument(app, config),
  );
}
