import { Doc, FIXTURE_CLASSES, Grant } from '../__fixtures__/docs';
import { entityEquality } from './entity-equality';

describe('entityEquality', () => {
  const equal = entityEquality(FIXTURE_CLASSES);

  it('equates instances of a class with the same primary key, whatever else differs', () => {
    expect(equal(new Doc(1, 'plan', ['a']), new Doc(1, 'old title'))).toBe(
      true,
    );
  });

  it('tells apart instances with different keys, even if otherwise identical', () => {
    expect(equal(new Doc(1, 'plan'), new Doc(2, 'plan'))).toBe(false);
  });

  it('tells apart instances of different classes', () => {
    const grantWithId = Object.assign(new Grant('viewer', new Doc(1, 'x')), {
      id: 1,
    });
    expect(equal(new Doc(1, 'x'), grantWithId)).toBe(false);
    expect(equal(new Doc(1, 'x'), { id: 1, title: 'x', tags: [] })).toBe(false);
  });

  it('lets an unsaved instance (no key) equal only itself', () => {
    const draft = new Doc(undefined, 'draft');
    expect(equal(draft, draft)).toBe(true);
    expect(equal(draft, new Doc(undefined, 'draft'))).toBe(false);
  });

  it('honours a primary key other than id', () => {
    const byTitle = entityEquality([{ type: Doc, primaryKey: 'title' }]);
    expect(byTitle(new Doc(1, 'plan'), new Doc(2, 'plan'))).toBe(true);
  });

  it('keeps deep equality for values of unregistered types', () => {
    expect(equal('read', 'read')).toBe(true);
    expect(equal(['a', 1], ['a', 1])).toBe(true);
    expect(equal({ a: 1 }, { a: 2 })).toBe(false);
    expect(equal(1, '1')).toBe(false);
  });
});
