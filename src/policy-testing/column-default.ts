import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * What a saved row holds in a column its INSERT left out, as TypeORM reads
 * it back: the entity's `default`, a raw SQL literal included
 * (`default: () => 'false'` is false). Undefined when the column has no
 * default, or when the database computes it (`CURRENT_TIMESTAMP`): then only
 * the row itself can say.
 */
export function columnDefault(
  column: Pick<ColumnMetadata, 'default'>,
): { value: unknown } | undefined {
  const { default: value } = column;
  if (value === undefined) return undefined;
  if (typeof value !== 'function') return { value };
  const sql = String((value as () => unknown)()).trim();
  if (/^(true|false)$/i.test(sql)) return { value: /^true$/i.test(sql) };
  if (/^null$/i.test(sql)) return { value: null };
  if (/^-?\d+(\.\d+)?$/.test(sql)) return { value: Number(sql) };
  const quoted = /^'((?:[^']|'')*)'$/.exec(sql);
  return quoted ? { value: quoted[1].replaceAll("''", "'") } : undefined;
}
