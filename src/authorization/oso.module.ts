import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AuthorizationGuard } from './guards/authorization.guard';
import { ConfigurableModuleClass } from './oso.module-definition';
import { OsoService } from './services/oso.service';
import { PolicyWatcher } from './services/policy-watcher';
import { RouteReportService } from './services/route-report.service';

/**
 * Loads the Polar policy, registers the app's classes and guards every route.
 * Import it once, at the root: `OsoModule.forRoot({...})` or
 * `OsoModule.forRootAsync({...})`.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    OsoService,
    PolicyWatcher,
    RouteReportService,
    AuthorizationGuard,
    // useExisting keeps the guard a normal provider that tests can override.
    { provide: APP_GUARD, useExisting: AuthorizationGuard },
  ],
  exports: [OsoService],
})
export class OsoModule extends ConfigurableModuleClass {}
