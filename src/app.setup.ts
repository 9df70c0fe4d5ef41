import type { INestApplication } from '@nestjs/common';
import { setupOpenApi } from './http/openapi';

/** What main.ts and the e2e specs both do to an app before it starts. */
export function setupApp(app: INestApplication): void {
  setupOpenApi(app);
}
