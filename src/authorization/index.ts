export { AuthorizedResource } from './decorators/authorized-resource.decorator';
export { Authorize, AuthorizeQuery } from './decorators/authorize.decorator';
export { AuthorizedQuery } from './decorators/authorized-query.decorator';
export { Public } from './decorators/public.decorator';
export { authorizationHttpException } from './errors/authorization-http-exception';
export { closestName } from './errors/closest-name';
export type {
  Explanation,
  GoalExplanation,
  RuleAttempt,
} from './explain/explanation';
export { explanationText, verb } from './explain/explanation-text';
export { PolicyEvaluationError } from './errors/policy-evaluation.error';
export { PolicyLoadError } from './errors/policy-load.error';
export { RouteRuleConflictError } from './errors/route-rule-conflict.error';
export type {
  OsoModuleOptions,
  PolicyClass,
} from './interfaces/oso-module-options.interface';
export type { ResourceResolver } from './interfaces/resource-resolver.interface';
export { OsoModule } from './oso.module';
export type { RouteRule } from './route-rule';
export { CallerRelation } from './services/caller-relation';
export { DecisionCache } from './services/decision-cache';
export type { DecisionCacheOptions } from './services/decision-cache';
export { OsoService } from './services/oso.service';
export type { PolicyVersion } from './services/oso.service';
export { RouteReportService } from './services/route-report.service';
export type { RouteAuthorization } from './services/route-report.service';
