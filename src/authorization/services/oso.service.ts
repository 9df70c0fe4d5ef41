import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  Type,
} from '@nestjs/common';
import { type Adapter, NotFoundError, Oso } from 'oso';
import { PolicyEvaluationError } from '../errors/policy-evaluation.error';
import { PolicyLoadError } from '../errors/policy-load.error';
import type {
  OsoModuleOptions,
  PolicyClass,
} from '../interfaces/oso-module-options.interface';
import { OSO_MODULE_OPTIONS } from '../oso.module-definition';
import { entityEquality } from './entity-equality';
import { findPolicyFiles } from './policy-files';
import { refuseUnregisteredFieldPaths } from './strict-field-paths';
import { StrictInstances } from './strict-instances';

/**
 * The app's one Oso instance, loaded from the policy folder at startup.
 * Everything that decides access goes through here, so later concerns
 * (reloading the policy, caching decisions) have a single place to live.
 */
@Injectable()
export class OsoService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(OsoService.name);
  private oso: Oso<object, string, object> | undefined;
  private readonly classes: NamedPolicyClass[];
  private readonly strict: StrictInstances;

  constructor(
    @Inject(OSO_MODULE_OPTIONS) private readonly options: OsoModuleOptions,
  ) {
    this.classes = options.classes.map(toPolicyClass);
    this.strict = new StrictInstances(
      new Map(this.classes.map(({ type, name }) => [type, name])),
    );
  }

  async onModuleInit(): Promise<void> {
    const oso = new Oso<object, string, object>({
      equalityFn: entityEquality(this.classes),
    });
    for (const { type, name, fields } of this.classes) {
      oso.registerClass(type, { name, fields });
    }
    refuseUnregisteredFieldPaths();
    const adapter: Adapter<unknown, object> | undefined =
      this.options.dataFilteringAdapter;
    if (adapter) {
      oso.setDataFilteringAdapter({
        buildQuery: (filter) => adapter.buildQuery(filter),
        // Rows fetched for a Relation field are read by the policy too.
        executeQuery: async (query) =>
          (await adapter.executeQuery(query)).map((row: object) =>
            this.strict.wrap(row),
          ),
      });
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
    return this.decide((oso, strict) =>
      oso.authorize(strict(actor), action, strict(resource)),
    );
  }

  isAllowed(actor: object, action: string, resource: object): Promise<boolean> {
    return this.decide((oso, strict) =>
      oso.isAllowed(strict(actor), action, strict(resource)),
    );
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
      (oso, strict) =>
        oso.authorizedQuery(
          strict(actor),
          action,
          resourceType,
        ) as Promise<Query>,
    );
  }

  /** The actions the policy lets `actor` perform on `resource`, sorted. */
  async authorizedActions(actor: object, resource: object): Promise<string[]> {
    const actions = await this.decide((oso, strict) =>
      oso.authorizedActions(strict(actor), strict(resource)),
    );
    return [...actions].map(String).sort();
  }

  /**
   * Runs a query on the engine, on the strict view of the app's objects
   * (see {@link StrictInstances}). A failure inside the policy becomes a
   * {@link PolicyEvaluationError} (a 500, never a denial or an allow); oso's
   * authorization errors and anything not from Polar pass through as they are.
   */
  private async decide<T>(
    query: (
      oso: Oso<object, string, object>,
      strict: <V>(value: V) => V,
    ) => Promise<T>,
  ): Promise<T> {
    const oso = this.engine;
    const strict = this.strict;
    try {
      return await query(oso, (value) => strict.wrap(value));
    } catch (error) {
      if (PolicyEvaluationError.isPolarError(error)) {
        throw new PolicyEvaluationError(error);
      }
      // oso's words when a Relation('one') finds no row: the row it hangs
      // from was deleted meanwhile, so the resource is gone with it.
      if (error instanceof Error && error.message === NO_PARENT) {
        throw new NotFoundError();
      }
      throw error;
    }
  }
}

const NO_PARENT = 'Wrong number of parents: 0';

/** A registered class with the name the policy gives it, defaulted. */
type NamedPolicyClass = PolicyClass & { name: string };

function toPolicyClass(
  cls: OsoModuleOptions['classes'][number],
): NamedPolicyClass {
  const policyClass = typeof cls === 'function' ? { type: cls } : cls;
  return { ...policyClass, name: policyClass.name ?? policyClass.type.name };
}
