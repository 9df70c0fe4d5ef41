import { type Filter, type FilterCondition, Relation } from 'oso';
import { Query } from 'oso/dist/src/Query';
import { IdleStorage } from './idle-storage';

/**
 * A relation to many rows, narrowed to the rows that name the caller of the
 * check: on Repository, `roles: new CallerRelation('Role', 'id',
 * 'repositoryId', 'userId')` makes `repository.roles` the caller's roles on
 * that repository. A check then costs one lookup by both keys (an index),
 * however many roles the repository or the caller hold, and a repository
 * the caller holds no role on costs what a missing one does. A list filters
 * through it in SQL as through any relation, narrowed the same way.
 *
 * Read it as what it is: a policy rule that reads `repository.roles` sees
 * the caller's rows only (it cannot count a repository's members).
 */
export class CallerRelation extends Relation {
  constructor(
    otherType: string,
    myField: string,
    otherField: string,
    /** The other type's field that holds the caller's primary key. */
    readonly callerField: string,
  ) {
    super('many', otherType, myField, otherField);
  }
}

/** The caller's primary key during a check, where oso builds its queries. */
export const callerKeys = new IdleStorage<{ key: unknown }>();

/** The Relation whose rows oso is fetching right now, if any. */
const fetching = new IdleStorage<Relation>();
const PATCHED = Symbol.for('oso-nestjs-quickstart.caller-relations');

/**
 * Lets the data-filtering adapter's `buildQuery` tell a Relation field's
 * own lookup from a list's filter: oso builds both alike. It wraps oso's
 * private `Query.prototype.handleRelation` (oso 0.27.3 is pinned), once per
 * process, to note the relation while its rows are fetched.
 */
export function noteRelationLookups(): void {
  const prototype = Query.prototype as unknown as Record<
    string | symbol,
    unknown
  >;
  if (prototype[PATCHED]) return;
  const handleRelation = prototype.handleRelation as (
    this: unknown,
    receiver: unknown,
    relation: Relation,
  ) => Promise<unknown>;
  prototype.handleRelation = function (
    this: unknown,
    receiver: unknown,
    relation: Relation,
  ): Promise<unknown> {
    return fetching.run(relation, () =>
      handleRelation.call(this, receiver, relation),
    );
  };
  prototype[PATCHED] = true;
}

/**
 * `filter` with the rows of every type it reaches through a
 * {@link CallerRelation} narrowed to those naming the caller: the
 * relation's own lookup, and each group of a list's conditions that
 * constrains such rows. A caller without a key matches no row.
 */
export function narrowToCaller(filter: Filter): Filter {
  const callerFields = new Map<string, string>();
  const lookup = fetching.getStore();
  if (lookup instanceof CallerRelation && lookup.otherType === filter.model) {
    callerFields.set(filter.model, lookup.callerField);
  }
  for (const { fromTypeName, fromFieldName, toTypeName } of filter.relations) {
    const field = filter.types.get(fromTypeName)?.fields.get(fromFieldName);
    if (field instanceof CallerRelation) {
      callerFields.set(toTypeName, field.callerField);
    }
  }
  if (callerFields.size === 0) return filter;
  const key = callerKeys.getStore()?.key;
  const conditions: FilterCondition[][] = [];
  for (const group of filter.conditions) {
    const named = new Set(
      group.flatMap(({ lhs, rhs }) =>
        [lhs, rhs].flatMap((side) =>
          'typeName' in side ? [side.typeName] : [],
        ),
      ),
    );
    if (lookup instanceof CallerRelation) named.add(filter.model);
    const narrowed = [...callerFields].filter(([type]) => named.has(type));
    if (narrowed.length && (key === undefined || key === null)) continue;
    conditions.push([
      ...group,
      ...narrowed.map(([typeName, fieldName]) => ({
        lhs: { typeName, fieldName },
        cmp: 'Eq' as const,
        rhs: { value: key },
      })),
    ]);
  }
  return { ...filter, conditions };
}
