import {
  Column,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { PolicyClass } from '../authorization';
import { Ticket } from '../database/__fixtures__/ticket';
import { Repository } from '../repositories/repository.entity';
import { Role } from '../users/role.entity';
import { User } from '../users/user.entity';
import { FIXTURE_CLASSES } from './__fixtures__/classes';
import { Facts } from './facts';
import { parsePolicyTestFile } from './policy-test-file';

@Entity()
class Account {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ default: () => 'CURRENT_TIMESTAMP' })
  seenAt: Date;

  @OneToOne(() => Profile, (profile) => profile.account)
  profile: Profile | null;
}

@Entity()
class Profile {
  @PrimaryGeneratedColumn()
  id: number;

  @OneToOne(() => Account, (account) => account.profile)
  @JoinColumn()
  account: Account | null;
}

class NotAnEntity {}

const CLASSES: PolicyClass[] = [
  ...FIXTURE_CLASSES,
  { type: Account, name: 'Account' },
  { type: Profile, name: 'Profile' },
  { type: NotAnEntity, name: 'NotAnEntity' },
];

function build(facts: string): Facts {
  const path = 'policies/x.test.yaml';
  const file = parsePolicyTestFile(path, `facts:\n${facts}\nexpect: []`);
  return Facts.build(path, file.facts, CLASSES);
}

const SEED = `
  User: { larry: {}, anne: {} }
  Repository: { gmail: {}, react: { isPublic: true } }
  Role:
    - { user: larry, name: admin, repository: gmail }
  Ticket:
    login: { title: Login page is blank, repository: gmail, creator: anne }
    untitled: { repository: react, creator: anne }`;

describe('Facts', () => {
  const facts = build(SEED);
  const row = <T>(key: string) => facts.find(key)?.row as T;

  it('fills the columns a row leaves out as a saved row holds them', () => {
    const react = row<Repository>('react');
    expect(react).toBeInstanceOf(Repository);
    expect({ ...react }).toEqual({
      id: 2,
      name: 'react',
      isPublic: true,
      pushCount: 0,
      lastPushedAt: null,
      lastPushedBy: null,
    });
    expect(row<Repository>('gmail')).toMatchObject({ id: 1, isPublic: false });
    expect(row<Ticket>('untitled')).toMatchObject({
      id: 2,
      title: '',
      closed: false,
    });
  });

  it('fills a reference, its key column and the list on the other side', () => {
    const [role] = facts.rows.get('Role') as Role[];
    expect(role).toBeInstanceOf(Role);
    expect(role.user).toBe(row('larry'));
    expect(role.repository).toBe(row('gmail'));
    expect(row<User>('larry').roles).toEqual([role]);
    expect(row<User>('larry').roles[0]).toBe(role);
    expect(row<User>('anne').roles).toEqual([]);
    const login = row<Ticket>('login');
    expect(login.repository).toBe(row('gmail'));
    expect(login.repositoryId).toBe(1);
    expect(login.creator).toBe(row('anne'));
    expect(login.creatorId).toBe(2);
  });

  it('leaves no attribute undefined, which the policy would refuse to read', () => {
    for (const rows of facts.rows.values()) {
      for (const each of rows) {
        expect(Object.values(each)).not.toContain(undefined);
      }
    }
  });

  it('lists the rows of every class and names them by key', () => {
    expect([...facts.rows.keys()]).toEqual(CLASSES.map((cls) => cls.name));
    expect(facts.rows.get('Ticket')).toEqual([row('login'), row('untitled')]);
    expect(facts.keyOf(row('react'))).toBe('react');
    expect(facts.find('react')?.className).toBe('Repository');
    expect(facts.find('nope')).toBeUndefined();
  });

  it('sets both sides of a one-to-one relation, and null where none refers', () => {
    const built = build(`
  Account: { ada: { seenAt: 2024-01-01 }, bob: { seenAt: 2024-01-02 } }
  Profile: { ada-profile: { account: ada } }`);
    const ada = built.find('ada')?.row as Account;
    const profile = built.find('ada-profile')?.row as Profile;
    expect(profile.account).toBe(ada);
    expect(ada.profile).toBe(profile);
    expect((built.find('bob')?.row as Account).profile).toBeNull();
  });

  it.each([
    [
      'an unknown class',
      '  Usr: { larry: {} }',
      "x.test.yaml:2: unknown class Usr: the policy's classes are User, Role, Repository, Ticket, Account, Profile, NotAnEntity",
    ],
    [
      'a class that is not an entity',
      '  NotAnEntity: { it: {} }',
      'x.test.yaml:2: NotAnEntity is not a TypeORM entity',
    ],
    [
      'a key that names a class',
      '  User: { Ticket: {} }',
      'x.test.yaml:2: Ticket names a class; give the row another key',
    ],
    [
      'a key used twice',
      '  User: { larry: {} }\n  Repository: { larry: {} }',
      'x.test.yaml:3: larry already names a row, on line 2',
    ],
    [
      'a field the entity lacks',
      '  Repository: { react: { is_public: true } }',
      'x.test.yaml:2: Repository react: no column or relation is_public (id, name, isPublic, pushCount, lastPushedAt, lastPushedBy)',
    ],
    [
      'a key column given for its relation',
      `${SEED}\n    other: { repositoryId: 1, creator: anne }`,
      'x.test.yaml:10: Ticket other: give its repository (a key), not repositoryId',
    ],
    [
      'a list for a column',
      '  Repository: { react: { name: [a, b] } }',
      'x.test.yaml:2: Repository react: name takes one value',
    ],
    [
      'a reference to no row',
      '  User: { larry: {} }\n  Repository: { gmail: {} }\n  Role:\n    - { user: lary, repository: gmail }',
      'x.test.yaml:5: Role: user takes the key of a User row, and lary names no row',
    ],
    [
      'a reference to a row of another class',
      '  User: { larry: {} }\n  Repository: { gmail: {} }\n  Role:\n    - { user: gmail, repository: gmail }',
      'x.test.yaml:5: Role: user takes the key of a User row, and gmail is Repository gmail',
    ],
    [
      'a required reference left out',
      '  User: { larry: {} }\n  Role:\n    - { user: larry }',
      'x.test.yaml:4: Role: give its repository, the key of a row',
    ],
    [
      'a list given on the side that does not hold the key',
      '  User: { larry: { roles: [] } }',
      'x.test.yaml:2: User larry: roles is filled from the other side',
    ],
    [
      'an id two rows share',
      '  Repository: { gmail: {}, react: { id: 1 } }',
      'x.test.yaml:2: Repository react: id 1 is already the id of the row on line 2',
    ],
    [
      'a unique name two rows share',
      "  Repository: { gmail: {}, react: { name: 'gmail' } }",
      'x.test.yaml:2: Repository react: name "gmail" is already the name of the row on line 2',
    ],
    [
      'a number for a boolean',
      '  Repository: { react: { isPublic: 1 } }',
      'x.test.yaml:2: Repository react: isPublic takes a boolean, not 1',
    ],
    [
      'a string for a boolean',
      "  Repository: { react: { isPublic: 'false' } }",
      'x.test.yaml:2: Repository react: isPublic takes a boolean, not "false"',
    ],
    [
      'a column whose default the database computes',
      '  Account: { ada: {} }',
      'x.test.yaml:2: Account ada: give its seenAt; the database computes its default',
    ],
  ])('refuses %s, naming the file and line', (_what, text, message) => {
    expect(() => build(text)).toThrow(message);
  });
});
