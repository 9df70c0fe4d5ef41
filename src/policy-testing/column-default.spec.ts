import { columnDefault } from './column-default';

describe('columnDefault', () => {
  it.each([
    [0, 0],
    [false, false],
    ['draft', 'draft'],
    [() => 'false', false],
    [() => 'TRUE', true],
    [() => 'NULL', null],
    [() => '-1.5', -1.5],
    [() => "'it''s'", "it's"],
  ])('reads %p as %p', (given, value) => {
    expect(columnDefault({ default: given })).toEqual({ value });
  });

  it.each([undefined, () => 'CURRENT_TIMESTAMP', () => "datetime('now')"])(
    'has nothing to say for %p',
    (given) => {
      expect(columnDefault({ default: given })).toBeUndefined();
    },
  );
});
