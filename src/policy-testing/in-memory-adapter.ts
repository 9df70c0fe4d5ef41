import type {
  Adapter,
  Datum,
  Filter,
  FilterCondition,
  Projection,
  Relation,
} from 'oso';

/** A combination of joined rows, by Polar class name. */
type Joined = ReadonlyMap<string, object>;

/**
 * Oso's data-filtering adapter over rows held in memory, answering as the
 * SQL of the app's TypeORM adapter would: relations are LEFT JOINs on their
 * Relation fields, conditions an OR of ANDs, a class compared as a whole
 * compares its `id`, and a comparison with a NULL column holds only as
 * `IS NULL` or `IS NOT NULL`. It refuses what that adapter cannot do (a
 * class joined twice) and fields a row lacks, so the policy tests fail
 * where the app would.
 */
export class InMemoryAdapter implements Adapter<Filter, object> {
  /** `rows`: every row of each class, by the class's Polar name. */
  constructor(private readonly rows: ReadonlyMap<string, readonly object[]>) {}

  buildQuery(filter: Filter): Filter {
    const joined = new Set([filter.model]);
    for (const { toTypeName } of filter.relations) {
      if (joined.has(toTypeName)) {
        throw new Error(
          `The filter joins ${toTypeName} twice, which oso's TypeORM adapter cannot do`,
        );
      }
      joined.add(toTypeName);
    }
    return filter;
  }

  executeQuery(filter: Filter): Promise<object[]> {
    // A refused field rejects the promise, as a failing SQL query would.
    return Promise.resolve(filter).then((f) => this.find(f));
  }

  private find(filter: Filter): object[] {
    let combinations: Joined[] = this.rowsOf(filter.model).map(
      (row) => new Map([[filter.model, row]]),
    );
    for (const {
      fromTypeName,
      fromFieldName,
      toTypeName,
    } of filter.relations) {
      const { myField, otherField } = filter.types
        .get(fromTypeName)
        ?.fields.get(fromFieldName) as Relation;
      combinations = combinations.flatMap((joined) => {
        const from = joined.get(fromTypeName);
        // LEFT JOIN, as the app's adapter: a row with nothing to join stays,
        // the other side's columns NULL.
        if (from === NO_ROW)
          return [new Map([...joined, [toTypeName, NO_ROW]])];
        const mine = field(from, fromTypeName, myField);
        const others = this.rowsOf(toTypeName)
          .filter((other) =>
            compare('Eq', mine, field(other, toTypeName, otherField)),
          )
          .map((other) => new Map([...joined, [toTypeName, other]]));
        return others.length > 0
          ? others
          : [new Map([...joined, [toTypeName, NO_ROW]])];
      });
    }
    const matches = combinations
      .filter((joined) =>
        filter.conditions.some((all) =>
          all.every((condition) => holds(condition, joined)),
        ),
      )
      .map((joined) => joined.get(filter.model) as object);
    return [...new Set(matches)];
  }

  private rowsOf(typeName: string): readonly object[] {
    return this.rows.get(typeName) ?? [];
  }
}

function holds(condition: FilterCondition, joined: Joined): boolean {
  const { lhs, cmp, rhs } = byId(condition);
  const left = value(lhs, joined);
  const right = value(rhs, joined);
  const nullLiteral = [lhs, rhs].some(
    (side) => 'value' in side && side.value === null,
  );
  if (nullLiteral && (cmp === 'Eq' || cmp === 'Neq')) {
    // A missing row is not null: it has no field to be null (nor not).
    if (missing(lhs, joined) || missing(rhs, joined)) return false;
    return (left === right) === (cmp === 'Eq');
  }
  // `!=` as Polar means it: a null field differs from any value, in a row
  // that exists (the SQL adapter says so explicitly).
  if (cmp === 'Neq' && !missing(lhs, joined) && !missing(rhs, joined)) {
    return left !== right;
  }
  return compare(cmp, left, right);
}

/** Whether `datum` reads a row a LEFT JOIN did not find. */
function missing(datum: Datum, joined: Joined): boolean {
  return 'typeName' in datum && joined.get(datum.typeName) === NO_ROW;
}

/** `issue.repository = repository` compares ids, as oso's TypeORM adapter does. */
function byId({ lhs, cmp, rhs }: FilterCondition): FilterCondition {
  if (isWhole(lhs)) return { lhs: idOf(lhs), cmp, rhs: idValue(rhs) };
  if (isWhole(rhs)) return { lhs: idValue(lhs), cmp, rhs: idOf(rhs) };
  return { lhs, cmp, rhs };
}

function isWhole(datum: Datum): datum is Projection {
  return 'typeName' in datum && datum.fieldName === undefined;
}

function idOf({ typeName }: Projection): Projection {
  return { typeName, fieldName: 'id' };
}

function idValue(datum: Datum): Datum {
  return 'value' in datum
    ? { value: (datum.value as { id: unknown }).id }
    : datum;
}

function value(datum: Datum, joined: Joined): unknown {
  if ('value' in datum) return datum.value;
  const row = joined.get(datum.typeName);
  if (row === NO_ROW) return null;
  return field(row, datum.typeName, datum.fieldName!);
}

/** The other side of a LEFT JOIN that found nothing: its columns read NULL. */
const NO_ROW: object = Object.freeze({});

function field(
  row: object | undefined,
  typeName: string,
  fieldName: string,
): unknown {
  if (row === undefined) {
    throw new Error(`The filter reads ${typeName}, which it does not join`);
  }
  if (!(fieldName in row)) {
    throw new Error(`${fieldName} not found on ${typeName}`);
  }
  return (row as Record<string, unknown>)[fieldName];
}

/** SQL's comparisons: anything compared with NULL is not true. */
function compare(
  cmp: FilterCondition['cmp'],
  left: unknown,
  right: unknown,
): boolean {
  if (left === null || right === null) return false;
  const [a, b] = [left as number, right as number];
  switch (cmp) {
    case 'Eq':
      return a === b;
    case 'Neq':
      return a !== b;
    case 'Lt':
      return a < b;
    case 'Leq':
      return a <= b;
    case 'Gt':
      return a > b;
    case 'Geq':
      return a >= b;
  }
}
