import { PUBLIC_REPOS, REPOS, SEED_ROLES, USERS } from './seed-access';

/**
 * The specs' own model of who may do what, kept independent of the app's
 * Oso instance: the seed's roles and repositories, what each role grants
 * (as the pinned seed policy says, test/fixtures/policies/seed/), and the
 * effect of every successful request.
 */
export const PERMISSIONS_BY_ROLE: Record<string, readonly string[]> = {
  contributor: ['read'],
  maintainer: ['push', 'read'],
  admin: ['delete', 'manage_roles', 'push', 'read'],
};

export type Operation =
  | { kind: 'read' | 'actions' | 'roles' | 'push' | 'delete'; repo: string }
  | { kind: 'grant'; repo: string; target: string; role: string }
  | { kind: 'revoke'; repo: string; target: string };

const NEEDS: Record<Operation['kind'], string> = {
  read: 'read',
  actions: 'read',
  roles: 'read',
  push: 'push',
  delete: 'delete',
  grant: 'manage_roles',
  revoke: 'manage_roles',
};

export class AccessModel {
  private readonly repos = new Map<
    string,
    { isPublic: boolean; pushes: number }
  >(
    REPOS.map((repo) => [
      repo,
      { isPublic: PUBLIC_REPOS.includes(repo), pushes: 0 },
    ]),
  );
  /** repo -> user -> role */
  private readonly roles = new Map<string, Map<string, string>>(
    REPOS.map((repo) => [
      repo,
      new Map(
        USERS.filter((user) => SEED_ROLES[user].repo === repo).map((user) => [
          user,
          SEED_ROLES[user].role,
        ]),
      ),
    ]),
  );

  constructor(private readonly publicRule: boolean) {}

  /** An independent copy, to ask what would hold after some changes. */
  clone(): AccessModel {
    const copy = new AccessModel(this.publicRule);
    copy.repos.clear();
    copy.roles.clear();
    for (const [repo, state] of this.repos) copy.repos.set(repo, { ...state });
    for (const [repo, roles] of this.roles)
      copy.roles.set(repo, new Map(roles));
    return copy;
  }

  permissions(user: string, repo: string): string[] {
    const state = this.repos.get(repo);
    if (!state) return [];
    const role = this.roles.get(repo)?.get(user);
    const granted = new Set(role ? PERMISSIONS_BY_ROLE[role] : []);
    if (this.publicRule && state.isPublic) granted.add('read');
    return [...granted].sort();
  }

  can(user: string, action: string, repo: string): boolean {
    return this.permissions(user, repo).includes(action);
  }

  readable(user: string): string[] {
    return [...this.repos.keys()]
      .filter((r) => this.can(user, 'read', r))
      .sort();
  }

  rolesOn(repo: string): { user: string; role: string }[] {
    return [...(this.roles.get(repo) ?? new Map<string, string>())]
      .map(([user, role]) => ({ user, role }))
      .sort((a, b) => a.user.localeCompare(b.user));
  }

  pushes(repo: string): number {
    return this.repos.get(repo)?.pushes ?? 0;
  }

  /** The status the app must answer `user` for `op` in the current state. */
  expectedStatus(user: string, op: Operation): number {
    if (!this.can(user, 'read', op.repo)) return 404;
    if (!this.can(user, NEEDS[op.kind], op.repo)) return 403;
    switch (op.kind) {
      case 'grant': {
        // The body is validated before the user is looked up.
        if (!Object.hasOwn(PERMISSIONS_BY_ROLE, op.role)) return 400;
        if (!(USERS as readonly string[]).includes(op.target)) return 404;
        const held = this.roles.get(op.repo)?.get(op.target);
        if (this.isLastAdmin(op.repo, op.target) && op.role !== 'admin') {
          return 409;
        }
        return held ? 200 : 201;
      }
      case 'revoke':
        if (!(USERS as readonly string[]).includes(op.target)) return 404;
        if (this.isLastAdmin(op.repo, op.target)) return 409;
        return this.roles.get(op.repo)?.has(op.target) ? 204 : 404;
      case 'delete':
        return 204;
      default:
        return 200;
    }
  }

  /** Whether `user` is the only admin of `repo`: they keep the role. */
  private isLastAdmin(repo: string, user: string): boolean {
    const roles = [...(this.roles.get(repo)?.entries() ?? [])];
    const admins = roles.filter(([, role]) => role === 'admin');
    return admins.length === 1 && admins[0][0] === user;
  }

  /** Records the effect of a request the app answered with `status`. */
  apply(user: string, op: Operation, status: number): void {
    if (status >= 300) return;
    switch (op.kind) {
      case 'push':
        this.repos.get(op.repo)!.pushes += 1;
        break;
      case 'delete':
        this.repos.delete(op.repo);
        this.roles.delete(op.repo);
        break;
      case 'grant':
        this.roles.get(op.repo)!.set(op.target, op.role);
        break;
      case 'revoke':
        this.roles.get(op.repo)!.delete(op.target);
        break;
    }
  }
}
