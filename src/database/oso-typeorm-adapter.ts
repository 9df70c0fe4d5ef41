import type { Adapter, Filter } from 'oso';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { PolicyEvaluationError } from '../authorization';
import { entityPlaceholder, PLACEHOLDER_KEY } from './entity-placeholder';
import { filterQuery } from './filter-query';

/**
 * Oso's data filtering on TypeORM: the policy's constraints become one
 * `SelectQueryBuilder` aliased by the Polar class name (see
 * {@link filterQuery}), so each class must be registered under its TypeORM
 * entity name (the class name).
 *
 * Every field the policy filters on is checked against the entity first: a
 * policy naming a property the entity lacks (`repository.is_public`) is a
 * {@link PolicyEvaluationError}, a 500 that says so, as the same typo is in a
 * single check, not a database error.
 *
 * A Relation field read on a placeholder (see `entityPlaceholder`) looks up
 * {@link PLACEHOLDER_KEY}: that query fetches any one row, as a real lookup
 * would, and answers a placeholder of the other entity instead, so the
 * policy goes on as it would for a real parent the caller may not see. A
 * lookup by a null key that finds nothing answers a placeholder too: the
 * relation holds nothing the policy can match.
 */
export function osoTypeOrmAdapter(
  dataSource: DataSource,
): Adapter<SelectQueryBuilder<object>, object> {
  /** Queries answered with a placeholder of `model`: always, or when empty. */
  const placeholders = new WeakMap<
    SelectQueryBuilder<object>,
    { model: string; always: boolean }
  >();
  return {
    executeQuery: async (query) => {
      const rows = await query.getMany();
      const placeholder = placeholders.get(query);
      return placeholder && (placeholder.always || rows.length === 0)
        ? [entityPlaceholder(dataSource, placeholder.model)]
        : rows;
    },
    buildQuery: (filter) => {
      checkFields(dataSource, filter);
      if (looksUpPlaceholder(filter)) {
        // Any one row, fetched and hydrated as a real parent would be.
        const query = filterQuery(dataSource, {
          ...filter,
          conditions: [[]],
        }).limit(1);
        placeholders.set(query, { model: filter.model, always: true });
        return query;
      }
      const query = filterQuery(dataSource, filter);
      // Rather than oso's "Wrong number of parents: 0" for a null key.
      if (isNullKeyLookup(filter)) {
        placeholders.set(query, { model: filter.model, always: false });
      }
      return query;
    },
  };
}

/**
 * oso's lookup of a Relation field whose key is null: `Other.key = null`.
 * Found nothing, it is answered with a placeholder of `Other`, here and in
 * the policy tests' adapter alike.
 */
export function isNullKeyLookup(filter: Filter): boolean {
  const [group, ...more] = filter.conditions;
  return (
    filter.relations.length === 0 &&
    more.length === 0 &&
    group?.length === 1 &&
    group[0].cmp === 'Eq' &&
    'value' in group[0].rhs &&
    group[0].rhs.value === null
  );
}

function looksUpPlaceholder(filter: Filter): boolean {
  return filter.conditions
    .flat()
    .some((condition) =>
      [condition.lhs, condition.rhs].some(
        (side) => 'value' in side && side.value === PLACEHOLDER_KEY,
      ),
    );
}

function checkFields(dataSource: DataSource, filter: Filter): void {
  const fields: [string, string][] = [];
  for (const condition of filter.conditions.flat()) {
    for (const side of [condition.lhs, condition.rhs]) {
      if ('typeName' in side && side.fieldName !== undefined) {
        fields.push([side.typeName, side.fieldName]);
      }
    }
  }
  for (const { fromTypeName, fromFieldName, toTypeName } of filter.relations) {
    const relation = filter.types.get(fromTypeName)?.fields.get(fromFieldName);
    if (relation && 'myField' in relation) {
      fields.push([fromTypeName, relation.myField]);
      fields.push([toTypeName, relation.otherField]);
    }
  }
  for (const [typeName, fieldName] of fields) {
    const entity = dataSource.getMetadata(typeName);
    const known =
      entity.findColumnWithPropertyName(fieldName) ??
      entity.findRelationWithPropertyPath(fieldName);
    if (!known) {
      throw new PolicyEvaluationError(
        new Error(
          `${fieldName} not found on ${typeName}: the entity has no such column`,
        ),
      );
    }
  }
}
