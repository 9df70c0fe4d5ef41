import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  Type,
} from '@nestjs/common';
import { Oso } from 'oso';
import { PolicyEvaluationError } from '../errors/policy-evaluation.error';
import { PolicyLoadError } from '../errors/policy-load.error';
import type {
  OsoModuleOptions,
  PolicyClass,
} from '../interfaces/oso-module-options.interface';
import { OSO_MODULE_OPTIONS } from '../oso.module-definition';
import { entityEquality } from './entity-equality';
import { findPolicyFiles } from './policy-files';

/**
 * The app's one Oso instance, loaded from the policy folder at startup.
 * Everything that decides access goes through here, so later concerns
 * (reloading the policy, caching decisions) have a single place to live.
 */
@Injectable()
export class OsoService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(OsoService.name);
  private oso: Oso<object, string, object> | undefined;

  constructor(
    @Inject(OSO_MODULE_OPTIONS) private readonly options: OsoModuleOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    const classes = this.options.classes.map(toPolicyClass);
    const oso = new Oso<object, string, object>({
      equalityFn: entityEquality(classes),
    });
    for (const { type, name } of classes) {
      oso.registerClass(type, { name: name ?? type.name });
    }
    if (this.options.dataFilteringAdapter) {
      oso.setDataFilteringAdapter(this.options.dataFilteringAdapter);
    }
    const files = await findPolicyFiles(this.options.policyDir);
    try {
      await oso.loadFiles(files);
    } catch (error) {
      oso.free();
      throw new PolicyLoadError(
        `Cannot load the policy: ${(error as Error).message}`,
        { cause: error },
      );
    }
    this.oso = oso;
    this.logger.log(`Loaded policy from ${files.join(', ')}`);
  }

  /** The loaded engine; without one every check fails rather than allows. */
  private get engine(): Oso<object, string, object> {
    if (!this.oso) {
      throw new Error(
        'The policy is not loaded (the app is starting or closed)',
      );
    }
    return this.oso;
  }

  /** Releases the WASM engine, once: a second free() would crash it. */
  onModuleDestroy(): void {
    this.oso?.free();
    this.oso = undefined;
  }

  /**
   * Resolves when `actor` may perform `action` on `resource`. Otherwise
   * throws oso's `NotFoundError` when the actor may not even read the
   * resource, and `ForbiddenError` when it may read it but not do this.
   */
  authorize(actor: object, action: string, resource: object): Promise<void> {
    return this.decide((oso) => oso.authorize(actor, action, resource));
  }

  isAllowed(actor: object, action: string, resource: object): Promise<boolean> {
    return this.decide((oso) => oso.isAllowed(actor, action, resource));
  }

  /**
   * A query for the `resourceType` instances `actor` may perform `action` on,
   * built by the data-filtering adapter so the database does the filtering.
   */
  async authorizedQuery<Query>(
    actor: object,
    action: string,
    resourceType: Type<object>,
  ): Promise<Query> {
    if (!this.options.dataFilteringAdapter) {
      throw new Error(
        'authorizedQuery needs a dataFilteringAdapter in the OsoModule options',
      );
    }
    return this.decide(
      (oso) =>
        oso.authorizedQuery(actor, action, resourceType) as Promise<Query>,
    );
  }

  /** The actions the policy lets `actor` perform on `resource`, sorted. */
  async authorizedActions(actor: object, resource: object): Promise<string[]> {
    const actions = await this.decide((oso) =>
      oso.authorizedActions(actor, resource),
    );
    return [...actions].map(String).sort();
  }

  /**
   * Runs a query on the engine. A failure inside the policy becomes a
   * {@link PolicyEvaluationError} (a 500, never a denial or an allow); oso's
   * authorization errors and anything not from Polar pass through as they are.
   */
  private async decide<T>(
    query: (oso: Oso<object, string, object>) => Promise<T>,
  ): Promise<T> {
    const oso = this.engine;
    try {
      return await query(oso);
    } catch (error) {
      if (PolicyEvaluationError.isPolarError(error)) {
        throw new PolicyEvaluationError(error);
      }
      throw error;
    }
  }
}

function toPolicyClass(cls: OsoModuleOptions['classes'][number]): PolicyClass {
  return typeof cls === 'function' ? { type: cls } : cls;
}
