import type { INestApplication } from '@nestjs/common';
import {
  type RouteAuthorization,
  RouteReportService,
} from '../../src/authorization';
import { HEALTH_PATH } from '../../src/health/health.controller';
import { POLICY_EXPLORER_PATH } from '../../src/policy-explorer/policy-explorer.controller';

/**
 * The routes of the app's API: every route but those left out of the API
 * description, the policy explorer's pages (for developers) and the load
 * balancers' /health.
 */
export function apiRoutes(app: INestApplication): RouteAuthorization[] {
  return app
    .get(RouteReportService)
    .routes()
    .filter(
      ({ path }) =>
        !path.startsWith(`/${POLICY_EXPLORER_PATH}/`) &&
        path !== `/${HEALTH_PATH}`,
    );
}
