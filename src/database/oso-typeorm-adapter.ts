import type { Adapter, Filter } from 'oso';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { closestName, PolicyEvaluationError } from '../authorization';
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
 * {@link PLACEHOLDER_KEY}, or the placeholder's null primary key: that query
 * fetches any one row, as a real lookup would, and answers a placeholder of
 * the other entity instead, so the policy goes on as it would for a real
 * row the caller may not see. So does a lookup by a null foreign key: it
 * names no row, and the policy can match nothing in a placeholder.
 */
export function osoTypeOrmAdapter(
  dataSource: DataSource,
): Adapter<SelectQueryBuilder<object>, object> {
  /** Queries answered with a placeholder of the model they name. */
  const placeholders = new WeakMap<SelectQueryBuilder<object>, string>();
  return {
    executeQuery: async (query) => {
      const rows = await query.getMany();
      const model = placeholders.get(query);
      return model === undefined
        ? rows
        : [entityPlaceholder(dataSource, model)];
    },
    buildQuery: (filter) => {
      checkFields(dataSource, filter);
      if (looksUpPlaceholder(filter) || isNullKeyLookup(filter)) {
        // Any one row, fetched and hydrated as a real parent would be.
        const query = filterQuery(dataSource, {
          ...filter,
          conditions: [[]],
        }).limit(1);
        placeholders.set(query, filter.model);
        return query;
      }
      return filterQuery(dataSource, filter);
    },
  };
}

/**
 * oso's lookup of a Relation field whose key is null: `Other.key = null`.
 * It is answered with a placeholder of `Other`, here and in the policy
 * tests' adapter alike.
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
        closestName(fieldName, [
          ...entity.columns.map((column) => column.propertyName),
          ...entity.relations.map((relation) => relation.propertyName),
        ]),
      );
    }
  }
}
