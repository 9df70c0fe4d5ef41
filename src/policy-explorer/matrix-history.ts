import { Injectable } from '@nestjs/common';
import type { PermissionMatrix } from './permission-matrix.service';
import type { PolicyVersion } from '../authorization';
import type { CellChange, MatrixChanges } from './policy-explorer.pages';

/** A matrix as shown, under the policy it was computed with. */
interface Shown {
  policy: PolicyVersion;
  cells: Map<string, string[]>;
}

/**
 * Remembers the last matrix of each class shown under each of the last two
 * policies, so the page can mark what a policy edit changed: until the
 * next edit, every refresh compares with the matrix shown before it.
 */
@Injectable()
export class MatrixHistory {
  private readonly shown = new Map<string, { now: Shown; before?: Shown }>();

  /** Records `matrix`, and says how it differs from the previous policy's. */
  record(
    matrix: PermissionMatrix,
    policy: PolicyVersion,
  ): MatrixChanges | undefined {
    const now: Shown = { policy, cells: cellsOf(matrix) };
    const last = this.shown.get(matrix.className);
    const before =
      last && last.now.policy.version !== policy.version
        ? last.now
        : last?.before;
    this.shown.set(matrix.className, { now, before });
    if (!before) return undefined;
    const cells = new Map<string, CellChange>();
    for (const [cell, actions] of now.cells) {
      const earlier = before.cells.get(cell);
      if (!earlier) continue;
      const gained = actions.filter((action) => !earlier.includes(action));
      const lost = earlier.filter((action) => !actions.includes(action));
      if (gained.length || lost.length) cells.set(cell, { gained, lost });
    }
    return { since: before.policy, cells };
  }
}

function cellsOf(matrix: PermissionMatrix): Map<string, string[]> {
  const cells = new Map<string, string[]>();
  matrix.users.forEach((user, row) =>
    matrix.resources.forEach(({ reference }, column) => {
      const actions = matrix.cells[row][column];
      if (actions) cells.set(`${user}\u0000${reference}`, actions);
    }),
  );
  return cells;
}
