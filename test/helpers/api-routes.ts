import type { INestApplication } from '@nestjs/common';
import {
  type RouteAuthorization,
  RouteReportService,
} from '../../src/authorization';
import { POLICY_EXPLORER_PATH } from '../../src/policy-explorer/policy-explorer.controller';

/**
 * The routes of the app's API: every route but the policy explorer's pages,
 * which are for developers and left out of the API description.
 */
export function apiRoutes(app: INestApplication): RouteAuthorization[] {
  return app
    .get(RouteReportService)
    .routes()
    .filter(({ path }) => !path.startsWith(`/${POLICY_EXPLORER_PATH}/`));
}
