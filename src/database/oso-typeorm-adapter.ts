import type { Adapter, Filter } from 'oso';
import { typeOrmAdapter } from 'oso/dist/src/typeOrmAdapter';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { PolicyEvaluationError } from '../authorization';
import { entityPlaceholder, PLACEHOLDER_KEY } from './entity-placeholder';

/**
 * Oso's data-filtering adapter for TypeORM, which ships in the oso package but
 * is not exported from its index. It turns the policy's constraints into a
 * `SelectQueryBuilder` aliased by the Polar class name, so each class must be
 * registered under its TypeORM entity name (the class name).
 *
 * Every field the policy filters on is checked against the entity first: a
 * policy naming a property the entity lacks (`repository.is_public`) is a
 * {@link PolicyEvaluationError}, a 500 that says so, as the same typo is in a
 * single check, not a database error.
 *
 * A Relation field read on a placeholder (see `entityPlaceholder`) looks up
 * {@link PLACEHOLDER_KEY}: that query finds no row, as it must, and answers a
 * placeholder of the other entity, so the policy goes on as it would for a
 * real parent the caller may not see.
 */
export function osoTypeOrmAdapter(
  dataSource: DataSource,
): Adapter<SelectQueryBuilder<object>, object> {
  const adapter = typeOrmAdapter<object>(dataSource);
  const placeholderLookups = new WeakMap<SelectQueryBuilder<object>, string>();
  return {
    executeQuery: async (query) => {
      const rows = await adapter.executeQuery(query);
      const model = placeholderLookups.get(query);
      return model === undefined
        ? rows
        : [entityPlaceholder(dataSource, model)];
    },
    buildQuery: (filter) => {
      checkFields(dataSource, filter);
      if (!looksUpPlaceholder(filter)) return adapter.buildQuery(filter);
      // No conditions: no row, and no parameter a driver could refuse.
      const query = adapter.buildQuery({ ...filter, conditions: [] });
      placeholderLookups.set(query, filter.model);
      return query;
    },
  };
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
