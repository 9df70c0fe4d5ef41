import {
  DataSource,
  type EntityMetadata,
  getMetadataArgsStorage,
} from 'typeorm';
import { EntityMetadataBuilder } from 'typeorm/metadata-builder/EntityMetadataBuilder';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { RelationMetadata } from 'typeorm/metadata/RelationMetadata';
import type { PolicyClass } from '../authorization';
import { neutralValue } from '../database/entity-placeholder';
import { columnDefault } from './column-default';
import type { FactRow, FactTable, FactValue } from './policy-test-file';
import { PolicyTestError } from './policy-test.error';

/** A row of the facts, and what the file calls it. */
export interface Fact {
  key?: string;
  className: string;
  row: object;
}

/**
 * The rows a policy test's `facts:` describe, as instances of the app's
 * entities shaped like rows loaded with their relations: every column holds
 * what a saved row would (the value given, else the column's default, null
 * where nullable, the key for a `name`, a neutral value of its type), every
 * row has an integer id (1, 2, ... in each class), a reference fills both the
 * relation and its key column (`repository` and `repositoryId`), and the
 * list on the other side (`user.roles`) holds the rows that refer to it.
 */
export class Facts {
  private constructor(
    private readonly facts: Fact[],
    /** Every row of each class, by its Polar name: for the data-filtering adapter. */
    readonly rows: ReadonlyMap<string, readonly object[]>,
    /** Each class's entity metadata, by its Polar name. */
    readonly entities: ReadonlyMap<string, EntityMetadata>,
  ) {}

  /** The row named `key`. */
  find(key: string): Fact | undefined {
    return this.facts.find((fact) => fact.key === key);
  }

  keyOf(row: object): string | undefined {
    return this.facts.find((fact) => fact.row === row)?.key;
  }

  /**
   * Builds the rows of `tables`, for the registered `classes` (named as
   * the policy names them). A mistake is a {@link PolicyTestError} at its
   * line in `path`.
   */
  static build(
    path: string,
    tables: FactTable[],
    classes: PolicyClass[],
  ): Facts {
    const fail: Fail = (line, message) => {
      throw new PolicyTestError(path, line, message);
    };
    const classNames = new Map(
      classes.map((cls) => [cls.type, cls.name ?? cls.type.name]),
    );
    const entities = entityMetadata();
    const built: { fact: Fact; spec: FactRow; entity: EntityMetadata }[] = [];
    const rows = new Map<string, object[]>(
      [...classNames.values()].map((name) => [name, []]),
    );
    for (const table of tables) {
      const { className, line } = table;
      const cls = classes.find((c) => classNames.get(c.type) === className);
      if (!cls) {
        fail(
          line,
          `unknown class ${className}: the policy's classes are ${[...classNames.values()].join(', ')}`,
        );
      }
      const entity = entities.find((e) => e.target === cls.type);
      if (!entity) fail(line, `${className} is not a TypeORM entity`);
      for (const spec of table.rows) {
        if (spec.key !== undefined) {
          // A case names a row or, for a list, a class: never both.
          if (rows.has(spec.key)) {
            fail(
              spec.line,
              `${spec.key} names a class; give the row another key`,
            );
          }
          const earlier = built.find(({ fact }) => fact.key === spec.key);
          if (earlier) {
            fail(
              spec.line,
              `${spec.key} already names a row, on line ${earlier.spec.line}`,
            );
          }
        }
        const classRows = rows.get(className)!;
        const fact: Fact = {
          key: spec.key,
          className,
          row: entity.create() as object,
        };
        setColumns(fact, entity, spec, classRows.length + 1, fail);
        classRows.push(fact.row);
        built.push({ fact, spec, entity });
      }
    }
    refuseWhatTheSchemaRefuses(built, fail);
    const facts = new Facts(
      built.map(({ fact }) => fact),
      rows,
      new Map(
        classes.flatMap((cls) => {
          const entity = entities.find((e) => e.target === cls.type);
          return entity ? [[classNames.get(cls.type)!, entity] as const] : [];
        }),
      ),
    );
    for (const { fact, spec, entity } of built) {
      for (const relation of entity.relations) {
        const given = spec.values.find((v) => v.name === relation.propertyPath);
        const label = labelOf(fact);
        if (!relation.isManyToOne && !relation.isOneToOneOwner) {
          if (given) {
            fail(
              given.line,
              `${label}: ${given.name} is filled from the other side: give the rows that refer to this one their reference`,
            );
          }
          continue;
        }
        if (given === undefined || given.value === null) {
          if (!relation.isNullable) {
            fail(
              spec.line,
              `${label}: give its ${relation.propertyPath}, the key of a row`,
            );
          }
          continue;
        }
        const key =
          typeof given.value === 'string'
            ? given.value
            : JSON.stringify(given.value);
        refer(fact, relation, { ...given, value: key }, facts.find(key), fail);
      }
    }
    return facts;
  }
}

type Fail = (line: number, message: string) => never;

function labelOf({ className, key }: Fact): string {
  return key === undefined ? className : `${className} ${key}`;
}

/**
 * The entities' metadata, from the decorators alone: a DataSource that is
 * never initialized knows how its driver types columns, and needs no
 * database to.
 */
function entityMetadata(): EntityMetadata[] {
  const dataSource = new DataSource({ type: 'sqlite', database: ':memory:' });
  return new EntityMetadataBuilder(
    dataSource,
    getMetadataArgsStorage(),
  ).build();
}

/** Sets the columns of a new row; references come once every row exists. */
function setColumns(
  fact: Fact,
  entity: EntityMetadata,
  spec: FactRow,
  id: number,
  fail: Fail,
): void {
  const { row } = fact;
  const label = labelOf(fact);
  for (const { name, line } of spec.values) {
    const column = entity.findColumnWithPropertyPath(name);
    const relation = entity.findRelationWithPropertyPath(name);
    if (column?.relationMetadata && !relation) {
      fail(
        line,
        `${label}: give its ${column.relationMetadata.propertyPath} (a key), not ${name}`,
      );
    }
    if (!column && !relation) {
      const known = [
        ...entity.columns.filter((c) => !c.isVirtual),
        ...entity.relations,
      ].map((field) => field.propertyPath);
      fail(
        line,
        `${label}: no column or relation ${name} (${known.join(', ')})`,
      );
    }
  }
  for (const column of entity.columns) {
    if (column.isVirtual) continue;
    const given = spec.values.find((v) => v.name === column.propertyPath);
    column.setEntityValue(
      row,
      columnValue(column, given, spec, id, label, fail),
    );
  }
  for (const relation of entity.relations) {
    const toMany = relation.isOneToMany || relation.isManyToMany;
    relation.setEntityValue(row, toMany ? [] : null);
  }
}

function columnValue(
  column: ColumnMetadata,
  given: FactValue | undefined,
  spec: FactRow,
  id: number,
  label: string,
  fail: Fail,
): unknown {
  if (given) {
    if (typeof given.value === 'object' && given.value !== null) {
      fail(given.line, `${label}: ${given.name} takes one value`);
    }
    return given.value;
  }
  if (column.relationMetadata) return null;
  if (column.isPrimary) return id;
  if (column.propertyPath === 'name' && spec.key !== undefined) return spec.key;
  const saved = columnDefault(column);
  if (saved) return saved.value;
  if (column.default !== undefined) {
    fail(
      spec.line,
      `${label}: give its ${column.propertyPath}; the database computes its default`,
    );
  }
  return column.isNullable ? null : neutralValue(column.type);
}

/** Points `fact`'s `relation` at `target`, its key column and the other side alike. */
function refer(
  fact: Fact,
  relation: RelationMetadata,
  given: FactValue,
  target: Fact | undefined,
  fail: Fail,
): void {
  const other = relation.inverseEntityMetadata;
  if (!(target?.row instanceof (other.target as new () => object))) {
    const what = target ? `is ${labelOf(target)}` : 'names no row';
    fail(
      given.line,
      `${labelOf(fact)}: ${given.name} takes the key of a ${other.name} row, and ${given.value as string} ${what}`,
    );
  }
  relation.setEntityValue(fact.row, target.row);
  for (const join of relation.joinColumns) {
    if (!join.isVirtual && join.referencedColumn) {
      join.setEntityValue(
        fact.row,
        join.referencedColumn.getEntityValue(target.row),
      );
    }
  }
  const inverse = relation.inverseRelation;
  if (inverse?.isOneToMany) {
    (inverse.getEntityValue(target.row) as object[]).push(fact.row);
  } else if (inverse) {
    inverse.setEntityValue(target.row, fact.row);
  }
}

/**
 * Rows no database would hold: a primary key or unique column given twice in
 * a class (two rows with one id are equal to the policy), or a value of the
 * wrong type for its column (`isPublic: 1`, `isPublic: "true"`).
 */
function refuseWhatTheSchemaRefuses(
  built: { fact: Fact; spec: FactRow; entity: EntityMetadata }[],
  fail: Fail,
): void {
  const seen = new Map<string, number>();
  for (const { fact, spec, entity } of built) {
    for (const column of entity.columns) {
      if (column.isVirtual || column.relationMetadata) continue;
      const value = column.getEntityValue(fact.row) as unknown;
      const given = spec.values.find((v) => v.name === column.propertyPath);
      const type = neutralValue(column.type);
      if (
        given &&
        value !== null &&
        typeof type !== 'string' &&
        !(type instanceof Date) &&
        typeof value !== typeof type
      ) {
        fail(
          given.line,
          `${labelOf(fact)}: ${column.propertyPath} takes a ${typeof type}, not ${JSON.stringify(value)}`,
        );
      }
      const unique =
        column.isPrimary ||
        entity.uniques.some(
          (u) => u.columns.length === 1 && u.columns[0] === column,
        );
      if (!unique || value === null) continue;
      const shown = JSON.stringify(value);
      const id = `${fact.className}.${column.propertyPath}=${shown}`;
      const earlier = seen.get(id);
      if (earlier !== undefined) {
        fail(
          spec.line,
          `${labelOf(fact)}: ${column.propertyPath} ${shown} is already the ${column.propertyPath} of the row on line ${earlier}`,
        );
      }
      seen.set(id, spec.line);
    }
  }
}
