import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  Type,
} from '@nestjs/common';
import {
  type Adapter,
  type Filter,
  ForbiddenError,
  NotFoundError,
  Oso,
} from 'oso';
import { createHash } from 'node:crypto';
import type { Explanation } from '../explain/explanation';
import { PolicyExplainer } from '../explain/policy-explainer';
import { ValueText } from '../explain/value-text';
import { PolicyEvaluationError } from '../errors/policy-evaluation.error';
import { PolicyLoadError } from '../errors/policy-load.error';
import { describeAtSource } from '../errors/policy-source';
import type {
  OsoModuleOptions,
  PolicyClass,
} from '../interfaces/oso-module-options.interface';
import { OSO_MODULE_OPTIONS } from '../oso.module-definition';
import {
  CallerRelation,
  callerKeys,
  narrowToCaller,
  noteRelationLookups,
} from './caller-relation';
import { DecisionCache } from './decision-cache';
import { DecisionKeys } from './decision-key';
import { entityEquality } from './entity-equality';
import { listFilter } from './list-filter';
import { loadSources, readPolicy } from './policy-files';
import { warningsOf } from './polar-messages';
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
  /** How many checks run on each engine, and engines to free after them. */
  private readonly running = new Map<Oso<object, string, object>, number>();
  private readonly retired = new Set<Oso<object, string, object>>();
  /** The files each engine loaded, as it read them, for explanations. */
  private readonly loaded = new WeakMap<
    Oso<object, string, object>,
    LoadedPolicy
  >();
  private readonly classes: NamedPolicyClass[];
  private readonly strict: StrictInstances;
  private readonly keys: DecisionKeys;
  private readonly valueText: ValueText;
  /** Answers kept when `options.cache` is given: outcomes and list filters. */
  private readonly cache:
    DecisionCache<Outcome | string[] | Filter> | undefined;
  constructor(
    @Inject(OSO_MODULE_OPTIONS) private readonly options: OsoModuleOptions,
  ) {
    this.classes = options.classes.map(toPolicyClass);
    this.strict = new StrictInstances(
      new Map(this.classes.map(({ type, name }) => [type, name])),
    );
    const keyed = new Map<unknown, [string, string]>(
      this.classes.map(({ type, name, primaryKey }) => [
        type,
        [name, primaryKey ?? 'id'],
      ]),
    );
    this.keys = new DecisionKeys(keyed);
    this.valueText = new ValueText(keyed);
    this.cache = options.cache ? new DecisionCache(options.cache) : undefined;
  }

  /**
   * Forgets every kept answer, those being computed included. Call it after
   * every write the policy may read; the app's database layer does.
   */
  invalidate(): void {
    this.cache?.clear();
  }

  /**
   * Keeps no answer until {@link resumeCaching}: for while the app may miss
   * writes the policy reads (another instance's, with its news lost).
   */
  pauseCaching(): void {
    this.cache?.pause();
  }

  /** Keeps answers again, forgetting any from before. */
  resumeCaching(): void {
    this.cache?.resume();
  }

  /** How many answers are kept now. */
  get cachedAnswers(): number {
    return this.cache?.size ?? 0;
  }

  async onModuleInit(): Promise<void> {
    this.oso = await this.load();
  }

  /**
   * Reads the policy folder again and answers every later check from it, at
   * once: kept answers are forgotten. Checks already running finish on the
   * policy they started with. A policy that does not load changes nothing
   * and throws a {@link PolicyLoadError}.
   */
  async reload(): Promise<void> {
    const next = await this.load();
    const previous = this.oso;
    this.oso = next;
    this.cache?.clear();
    if (previous) this.release(previous);
  }

  /** A new engine on the policy folder as it is now. */
  private async load(): Promise<Oso<object, string, object>> {
    const oso = new Oso<object, string, object>({
      equalityFn: entityEquality(this.classes),
    });
    for (const { type, name, fields } of this.classes) {
      oso.registerClass(type, { name, fields });
    }
    refuseUnregisteredFieldPaths();
    noteRelationLookups();
    const adapter: Adapter<unknown, object> | undefined =
      this.options.dataFilteringAdapter;
    if (adapter) {
      oso.setDataFilteringAdapter({
        buildQuery: (filter) => adapter.buildQuery(narrowToCaller(filter)),
        // Rows fetched for a Relation field are read by the policy too.
        executeQuery: async (query) =>
          (await adapter.executeQuery(query)).map((row: object) =>
            this.strict.wrap(row),
          ),
      });
    }
    let sources: Map<string, string>;
    let warnings: string[];
    try {
      sources = await readPolicy(this.options.policyDir);
      ({ warnings } = await warningsOf(() => loadSources(oso, sources)));
    } catch (error) {
      freeFailed(oso);
      if (error instanceof PolicyLoadError) throw error;
      const { message, name } = error as Error;
      const parse = name.startsWith('ParseError');
      throw new PolicyLoadError(
        `Cannot load the policy: ${describeAtSource(message, sources!, { parse }) ?? (message === WASM_TRAP ? POLAR_CRASHED : message)}`,
        { cause: error },
      );
    }
    // Every check asks `allow`: without one, each would fail with a 500.
    if (warnings.some((warning) => warning.startsWith(NO_ALLOW_RULE))) {
      freeFailed(oso);
      throw new PolicyLoadError(
        `Cannot load the policy: no file in ${this.options.policyDir} has an allow rule, so every check would fail`,
      );
    }
    for (const warning of warnings) {
      this.logger.warn(describeAtSource(warning, sources) ?? warning);
    }
    const files = [...sources.keys()];
    this.logger.log(`Loaded policy from ${files.join(', ')}`);
    const version = createHash('sha256');
    for (const [file, text] of sources) version.update(`${file}\0${text}\0`);
    this.loaded.set(oso, {
      sources,
      version: version.digest('hex').slice(0, 12),
      loadedAt: new Date(),
    });
    return oso;
  }

  /**
   * The policy answering now: a hash of its files' text (`version`) and
   * when it was loaded.
   */
  get policyVersion(): PolicyVersion {
    const { version, loadedAt, sources } = this.loaded.get(this.engine)!;
    return { version, loadedAt, files: [...sources.keys()] };
  }

  /** Frees an engine no longer in use once the checks running on it end. */
  private release(oso: Oso<object, string, object>): void {
    if (this.running.has(oso)) this.retired.add(oso);
    else oso.free();
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
    if (this.oso) this.release(this.oso);
    this.oso = undefined;
  }

  /**
   * Resolves when `actor` may perform `action` on `resource`. Otherwise
   * throws oso's `NotFoundError` when the actor may not even read the
   * resource, and `ForbiddenError` when it may read it but not do this.
   * `resourceKey` keys the answer for a resource without a primary key (a
   * placeholder), which is otherwise never kept.
   */
  async authorize(
    actor: object,
    action: string,
    resource: object,
    { resourceKey }: { resourceKey?: string } = {},
  ): Promise<void> {
    const outcome = await this.cached(
      ['authorize', actor, action, resourceKey ?? resource],
      async () => {
        try {
          await this.decide(actor, (oso, strict) =>
            oso.authorize(strict(actor), action, strict(resource)),
          );
          return 'allow';
        } catch (error) {
          if (error instanceof NotFoundError) return 'not found';
          if (error instanceof ForbiddenError) return 'forbidden';
          throw error;
        }
      },
    );
    if (outcome === 'not found') throw new NotFoundError();
    if (outcome === 'forbidden') throw new ForbiddenError();
  }

  async isAllowed(
    actor: object,
    action: string,
    resource: object,
  ): Promise<boolean> {
    const outcome = await this.cached(
      ['isAllowed', actor, action, resource],
      async () =>
        (await this.decide(actor, (oso, strict) =>
          oso.isAllowed(strict(actor), action, strict(resource)),
        ))
          ? 'allow'
          : 'forbidden',
    );
    return outcome === 'allow';
  }

  /**
   * Why `actor` may or may not perform `action` on `resource`: the decision
   * as {@link isAllowed} gives it, and the rules Polar followed to it (see
   * {@link PolicyExplainer}). Never kept: it reads the policy afresh.
   */
  async explain(
    actor: object,
    action: string,
    resource: object,
  ): Promise<Explanation> {
    const started = process.hrtime.bigint();
    const explained = await this.decide(actor, async (oso, strict) => {
      const explanation: Omit<Explanation, 'goal'> = { decision: 'denied' };
      try {
        if (await oso.isAllowed(strict(actor), action, strict(resource))) {
          explanation.decision = 'allowed';
        }
      } catch (error) {
        const failure = this.policyError(error);
        if (!(failure instanceof PolicyEvaluationError)) throw failure;
        explanation.decision = 'error';
        explanation.error = failure.message;
      }
      const explainer = new PolicyExplainer(
        oso,
        this.loaded.get(oso)!.sources,
        strict,
        this.valueText,
        (error) => {
          const failure = this.policyError(error);
          return failure instanceof PolicyEvaluationError
            ? failure.reason
            : failure.message;
        },
        (value, field) =>
          typeof value === 'object' &&
          value !== null &&
          this.classes.find(({ type }) => type === value.constructor)?.fields?.[
            field
          ] instanceof CallerRelation,
      );
      const goal = await explainer.explain('allow', [actor, action, resource]);
      return { ...explanation, goal };
    });
    if (this.options.logDecisions) {
      this.logDecision(
        ['explain', actor, action, resource],
        explained.decision,
        started,
      );
    }
    return explained;
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
    const adapter = this.options.dataFilteringAdapter;
    if (!adapter) {
      throw new Error(
        'authorizedQuery needs a dataFilteringAdapter in the OsoModule options',
      );
    }
    const policyClass = this.classes.find(({ type }) => type === resourceType);
    if (!policyClass) {
      throw new Error(
        `authorizedQuery: ${resourceType.name} is not one of the OsoModule classes`,
      );
    }
    const { name } = policyClass;
    const filter = await this.cached<Filter>(
      ['authorizedQuery', actor, action, `class ${name}`],
      () =>
        this.decide(actor, async (oso, strict) =>
          narrowToCaller(
            await listFilter(oso, strict(actor), action, name, (type) =>
              this.primaryKeyOf(type),
            ),
          ),
        ),
    );
    // A query is the caller's to extend: a kept filter builds a new one.
    return adapter.buildQuery(filter) as Query;
  }

  /** The primary key of the class the policy calls `name`. */
  private primaryKeyOf(name: string): string {
    return this.classes.find((cls) => cls.name === name)?.primaryKey ?? 'id';
  }

  /** The actions the policy lets `actor` perform on `resource`, sorted. */
  async authorizedActions(actor: object, resource: object): Promise<string[]> {
    const actions = await this.cached<string[]>(
      ['authorizedActions', actor, '', resource],
      async () => {
        const actions = await this.decide(actor, (oso, strict) =>
          oso.authorizedActions(strict(actor), strict(resource)),
        );
        return [...actions].map(String).sort();
      },
    );
    return [...actions];
  }

  /**
   * `compute()`'s answer, kept under the question's key while the cache is
   * on and every part of the question has a key; computed afresh otherwise.
   */
  private async cached<T extends Outcome | string[] | Filter>(
    question: [string, object, string, unknown],
    compute: () => Promise<T>,
  ): Promise<T> {
    if (!this.options.logDecisions) return this.answer(question, compute);
    const started = process.hrtime.bigint();
    const answer = await this.answer(question, compute);
    this.logDecision(
      question,
      Array.isArray(answer) || typeof answer === 'string' ? answer : 'filter',
      started,
    );
    return answer;
  }

  /** One JSON line at debug level; invisible characters escaped for the reader. */
  private logDecision(
    [operation, actor, action, resource]: [string, object, string, unknown],
    answer: string | string[],
    started: bigint,
  ): void {
    const line = JSON.stringify({
      decision: operation,
      actor: this.keys.labelOf(actor),
      action: action || undefined,
      resource:
        typeof resource === 'object' && resource !== null
          ? this.keys.labelOf(resource)
          : String(resource),
      answer,
      us: Number((process.hrtime.bigint() - started) / 1000n),
    });
    this.logger.debug(
      line.replace(
        /\p{Cf}/gu,
        // As JSON escapes: one per UTF-16 unit, a pair past the first plane.
        (char) =>
          [...Array(char.length).keys()]
            .map(
              (unit) =>
                `\\u${char.charCodeAt(unit).toString(16).padStart(4, '0')}`,
            )
            .join(''),
      ),
    );
  }

  private answer<T extends Outcome | string[] | Filter>(
    [operation, actor, action, resource]: [string, object, string, unknown],
    compute: () => Promise<T>,
  ): Promise<T> {
    if (!this.cache) return compute();
    const actorKey = this.keys.of(actor);
    const resourceKey =
      typeof resource === 'string' ? resource : this.keys.of(resource);
    if (actorKey === undefined || resourceKey === undefined) return compute();
    return this.cache.get(
      `${operation}\u0000${actorKey}\u0000${action}\u0000${resourceKey}`,
      compute,
    ) as Promise<T>;
  }

  /** A failure from Polar as a {@link PolicyEvaluationError}; others as they are. */
  private policyError(error: unknown): Error {
    if (!PolicyEvaluationError.isPolarError(error)) {
      return error instanceof Error ? error : new Error(String(error));
    }
    return new PolicyEvaluationError(
      error,
      this.strict.suggestionFor((error as Error).message),
    );
  }

  /**
   * Runs a query on the engine, on the strict view of the app's objects
   * (see {@link StrictInstances}). A failure inside the policy becomes a
   * {@link PolicyEvaluationError} (a 500, never a denial or an allow); oso's
   * authorization errors and anything not from Polar pass through as they are.
   */
  private async decide<T>(
    actor: object,
    query: (
      oso: Oso<object, string, object>,
      strict: <V>(value: V) => V,
    ) => Promise<T>,
  ): Promise<T> {
    const oso = this.engine;
    const strict = this.strict;
    this.running.set(oso, (this.running.get(oso) ?? 0) + 1);
    try {
      return await callerKeys.run({ key: this.keys.primaryKeyOf(actor) }, () =>
        query(oso, (value) => strict.wrap(value)),
      );
    } catch (error) {
      if (PolicyEvaluationError.isPolarError(error)) {
        throw this.policyError(error);
      }
      // oso's words when a Relation('one') finds no row: the row it hangs
      // from was deleted meanwhile, so the resource is gone with it.
      if (error instanceof Error && error.message === NO_PARENT) {
        throw new NotFoundError();
      }
      throw error;
    } finally {
      const left = this.running.get(oso)! - 1;
      if (left) this.running.set(oso, left);
      else this.running.delete(oso);
      if (!left && this.retired.delete(oso)) oso.free();
    }
  }
}

const NO_PARENT = 'Wrong number of parents: 0';

/**
 * Frees an engine whose load failed. One that Polar crashed in cannot be
 * freed: it is left to the process, rather than hide why the load failed.
 */
function freeFailed(oso: Oso<object, string, object>): void {
  try {
    oso.free();
  } catch {
    // Polar panicked inside it; the other engines are unharmed.
  }
}

/** What the WASM runtime says when Polar panics. */
const WASM_TRAP = 'unreachable';
const POLAR_CRASHED =
  'Polar crashed reading it (its message is above). Polar 0.27 does so on a mistake that follows a character of four bytes, such as an emoji, on the same line';

/** How Polar's warning about a policy without an allow rule begins. */
const NO_ALLOW_RULE = 'Your policy does not contain an allow rule';

/** The policy answering: a hash of its files' text, when it was loaded, and its files. */
export interface PolicyVersion {
  version: string;
  loadedAt: Date;
  files: string[];
}

/** What an engine was loaded from. */
interface LoadedPolicy {
  sources: ReadonlyMap<string, string>;
  version: string;
  loadedAt: Date;
}

/** What a check answered, as the cache keeps it. */
type Outcome = 'allow' | 'not found' | 'forbidden';

/** A registered class with the name the policy gives it, defaulted. */
type NamedPolicyClass = PolicyClass & { name: string };

function toPolicyClass(
  cls: OsoModuleOptions['classes'][number],
): NamedPolicyClass {
  const policyClass = typeof cls === 'function' ? { type: cls } : cls;
  return { ...policyClass, name: policyClass.name ?? policyClass.type.name };
}
