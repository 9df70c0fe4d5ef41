import type { Datum, Filter, FilterCondition, Relation } from 'oso';
import type { DataSource, EntityMetadata, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

type Condition = FilterCondition;

/**
 * An oso data filter as one TypeORM query on the filter's model, shaped so
 * that every row comes once and the database answers from its indexes:
 *
 * - a relation to one row (`issue.repository`) is a join, INNER when its key
 *   is required (the row is always there) and LEFT when it may be null, so a
 *   branch of the policy that does not read it keeps the rows without one;
 * - a relation to many rows (`repository.roles`) is a subquery,
 *   `Repository.id IN (SELECT Role.repositoryId FROM roles … WHERE …)`, which
 *   the database answers from the caller's roles alone and which never
 *   repeats a row, so a page is a plain `LIMIT`.
 *
 * A group of conditions that compares a row reached through a relation to
 * many with another row, or tests such a row's field against null, cannot be
 * split that way: it keeps LEFT JOINs, inside a subquery on the model's key.
 *
 * Either way a condition on a related row holds only where that row exists,
 * as in a single check, which finds no row to read: a LEFT JOIN's missing
 * row matches neither `= nil` nor `!=`.
 */
export function filterQuery(
  dataSource: DataSource,
  filter: Filter,
): SelectQueryBuilder<object> {
  const sql = new FilterSql(dataSource, filter);
  const where = sql.or(filter.conditions);
  const query = dataSource
    .getRepository(filter.model)
    .createQueryBuilder(filter.model);
  for (const join of sql.joins) {
    const on = `${sql.column(join.from, join.relation.myField)} = ${sql.column(join.type, join.relation.otherField)}`;
    if (join.required) query.innerJoin(join.type, join.type, on);
    else query.leftJoin(join.type, join.type, on);
  }
  return query.where(where, sql.parameters);
}

interface Edge {
  from: string;
  type: string;
  relation: Relation;
  /** A relation to one row by a key that cannot be null: an INNER JOIN. */
  required: boolean;
}

/** A piece of a WHERE clause, with the joins it needs. */
interface Scope {
  joins: Edge[];
  clauses: string[];
  /** Whether a condition names this type or one reached from it. */
  named: boolean;
}

class FilterSql {
  readonly parameters: Record<string, unknown> = {};
  /** The joins of the outer query, shared by every group of conditions. */
  readonly joins: Edge[] = [];
  /** Related types reached from each type. */
  private readonly children = new Map<string, Edge[]>();
  /** How each related type is reached. */
  private readonly edges = new Map<string, Edge>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly filter: Filter,
  ) {
    for (const {
      fromTypeName,
      fromFieldName,
      toTypeName,
    } of filter.relations) {
      const relation = filter.types
        .get(fromTypeName)!
        .fields.get(fromFieldName) as Relation;
      const edge = {
        from: fromTypeName,
        type: toTypeName,
        relation,
        required: this.isRequired(fromTypeName, toTypeName, relation),
      };
      this.children.set(fromTypeName, [
        ...(this.children.get(fromTypeName) ?? []),
        edge,
      ]);
      this.edges.set(toTypeName, edge);
    }
  }

  or(groups: Condition[][]): string {
    if (groups.length === 0) return '1=0';
    return `(${groups.map((group) => this.and(group)).join(' OR ')})`;
  }

  /** One group of conditions, all of which a row must meet. */
  private and(group: Condition[]): string {
    const byType = new Map<string, Condition[]>();
    for (const condition of group) {
      const types = [...new Set(projections(condition).map((p) => p.typeName))];
      const split = types.every((type) => this.isReachable(type))
        ? types.length <= 1
          ? !(
              types.length === 1 &&
              this.isBehindMany(types[0]) &&
              testsNull(condition)
            )
          : types.every((type) => !this.isBehindMany(type))
        : false;
      if (!split) return this.joined(group);
      // A comparison of joined rows sits with one of them; the others are
      // listed without conditions, so that they are joined too.
      const [key = this.filter.model, ...others] = types;
      byType.set(key, [...(byType.get(key) ?? []), condition]);
      for (const other of others) byType.set(other, byType.get(other) ?? []);
    }
    const scope = this.scope(this.filter.model, byType);
    for (const edge of scope.joins) {
      if (!this.joins.includes(edge)) this.joins.push(edge);
    }
    return scope.clauses.length ? `(${scope.clauses.join(' AND ')})` : '1=1';
  }

  /**
   * The conditions on `type` and on the types reached from it: those through
   * relations to one inline, on joins; those through relations to many in a
   * subquery each.
   */
  private scope(type: string, byType: Map<string, Condition[]>): Scope {
    const scope: Scope = {
      joins: [],
      clauses: (byType.get(type) ?? []).map((c) => this.condition(c)),
      named: byType.has(type),
    };
    for (const edge of this.children.get(type) ?? []) {
      const inner = this.scope(edge.type, byType);
      if (!inner.named) continue;
      scope.named = true;
      if (edge.relation.kind === 'one') {
        scope.joins.push(edge, ...inner.joins);
        scope.clauses.push(...inner.clauses);
        continue;
      }
      const joins = inner.joins.map((join) => this.joinSql(join)).join(' ');
      scope.clauses.push(
        `${this.column(type, edge.relation.myField)} IN (SELECT ${this.column(edge.type, edge.relation.otherField)} FROM ${this.table(edge.type)} ${this.alias(edge.type)}${joins ? ` ${joins}` : ''} WHERE ${inner.clauses.join(' AND ') || '1=1'})`,
      );
    }
    return scope;
  }

  /** A group kept as oso's LEFT JOINs, in a subquery on the model's key. */
  private joined(group: Condition[]): string {
    const model = this.filter.model;
    const key = this.column(model, this.keyOf(model));
    const joins = [...this.edges.values()]
      .map((edge) => this.joinSql({ ...edge, required: false }))
      .join(' ');
    const where = group.map((c) => this.condition(c)).join(' AND ') || '1=1';
    return `${key} IN (SELECT ${key} FROM ${this.table(model)} ${this.alias(model)} ${joins} WHERE ${where})`;
  }

  private joinSql(edge: Edge): string {
    return `${edge.required ? 'INNER' : 'LEFT'} JOIN ${this.table(edge.type)} ${this.alias(edge.type)} ON ${this.column(edge.from, edge.relation.myField)} = ${this.column(edge.type, edge.relation.otherField)}`;
  }

  private isReachable(type: string): boolean {
    return type === this.filter.model || this.edges.has(type);
  }

  private isBehindMany(type: string): boolean {
    for (
      let edge = this.edges.get(type);
      edge;
      edge = this.edges.get(edge.from)
    ) {
      if (edge.relation.kind === 'many') return true;
    }
    return false;
  }

  /** A relation to one row whose key is never null and names the other's key. */
  private isRequired(from: string, to: string, relation: Relation): boolean {
    if (relation.kind !== 'one') return false;
    const key = this.metadata(from).findColumnWithPropertyName(
      relation.myField,
    );
    return (
      key !== undefined &&
      !key.isNullable &&
      this.keyOf(to) === relation.otherField
    );
  }

  private condition(condition: Condition): string {
    const { lhs, rhs, cmp } = expandObjectComparison(condition, (type) =>
      this.keyOf(type),
    );
    for (const [value, other] of [
      [lhs, rhs],
      [rhs, lhs],
    ] as const) {
      if ('value' in value && value.value === null) {
        // Null in a row that exists: a LEFT JOIN's missing row is no match.
        if (cmp === 'Eq') {
          return 'typeName' in other && other.typeName !== this.filter.model
            ? `(${this.datum(other)} IS NULL AND ${this.exists(other.typeName)})`
            : `${this.datum(other)} IS NULL`;
        }
        if (cmp === 'Neq') return `${this.datum(other)} IS NOT NULL`;
      }
    }
    if (cmp === 'Neq' && [lhs, rhs].some((side) => this.isNullable(side))) {
      return this.distinct(lhs, rhs);
    }
    return `${this.datum(lhs)} ${OPERATORS[cmp]} ${this.datum(rhs)}`;
  }

  /**
   * `!=` as Polar means it: a null column differs from any value (SQL's
   * `NULL != 'x'` is not true), but only in a row that exists (a LEFT
   * JOIN's missing row matches nothing, as a single check finds no row).
   */
  private distinct(lhs: Datum, rhs: Datum): string {
    const [left, right] = [this.datum(lhs), this.datum(rhs)];
    const exists = [lhs, rhs].flatMap((side) =>
      'typeName' in side && side.typeName !== this.filter.model
        ? [this.exists(side.typeName)]
        : [],
    );
    return `(${[...exists, `(${left} != ${right} OR (${left} IS NULL) != (${right} IS NULL))`].join(' AND ')})`;
  }

  /** That a row of `type` was found, as a LEFT JOIN may find none. */
  private exists(type: string): string {
    return `${this.column(type, this.keyOf(type))} IS NOT NULL`;
  }

  private isNullable(datum: Datum): boolean {
    return (
      'typeName' in datum &&
      this.columnOf(datum.typeName, datum.fieldName!).isNullable
    );
  }

  private datum(datum: Datum): string {
    if ('typeName' in datum) {
      return this.column(datum.typeName, datum.fieldName!);
    }
    const name = `filter${Object.keys(this.parameters).length}`;
    this.parameters[name] = datum.value;
    return `:${name}`;
  }

  column(type: string, field: string): string {
    const { databaseName } = this.columnOf(type, field);
    return `${this.alias(type)}.${this.dataSource.driver.escape(databaseName)}`;
  }

  private columnOf(type: string, field: string): ColumnMetadata {
    const metadata = this.metadata(type);
    const column =
      metadata.findColumnWithPropertyName(field) ??
      metadata.findRelationWithPropertyPath(field)?.joinColumns[0];
    if (!column) {
      throw new Error(`${field} not found on ${type}`);
    }
    return column;
  }

  private keyOf(type: string): string {
    return this.metadata(type).primaryColumns[0].propertyName;
  }

  private metadata(type: string): EntityMetadata {
    return this.dataSource.getMetadata(type);
  }

  private table(type: string): string {
    return this.dataSource.driver.escape(this.metadata(type).tablePath);
  }

  private alias(type: string): string {
    return this.dataSource.driver.escape(type);
  }
}

const OPERATORS = {
  Eq: '=',
  Neq: '!=',
  Geq: '>=',
  Gt: '>',
  Leq: '<=',
  Lt: '<',
} as const;

function projections(condition: Condition): { typeName: string }[] {
  return [condition.lhs, condition.rhs].filter(
    (side): side is { typeName: string } => 'typeName' in side,
  );
}

function testsNull(condition: Condition): boolean {
  return [condition.lhs, condition.rhs].some(
    (side) => 'value' in side && side.value === null,
  );
}

/**
 * `issue.repository = <Repository 3>` arrives as a projection without a
 * field: compare the keys, as oso's own adapter does.
 */
function expandObjectComparison(
  condition: Condition,
  keyOf: (type: string) => string,
): Condition {
  const { lhs, rhs, cmp } = condition;
  if ('typeName' in lhs && lhs.fieldName === undefined && 'value' in rhs) {
    const key = keyOf(lhs.typeName);
    return {
      lhs: { typeName: lhs.typeName, fieldName: key },
      cmp,
      rhs: { value: keyValue(rhs.value, key) },
    };
  }
  if ('typeName' in rhs && rhs.fieldName === undefined && 'value' in lhs) {
    const key = keyOf(rhs.typeName);
    return {
      lhs: { value: keyValue(lhs.value, key) },
      cmp,
      rhs: { typeName: rhs.typeName, fieldName: key },
    };
  }
  return condition;
}

function keyValue(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : value;
}
