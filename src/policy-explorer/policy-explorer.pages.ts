import {
  type Explanation,
  type GoalExplanation,
  type PolicyVersion,
  type RuleAttempt,
  verb,
} from '../authorization';
import { escapeHtml } from '../http/escape-html';
import type { PermissionMatrix } from './permission-matrix.service';

/** A cell's actions gained and lost since an earlier policy. */
export interface CellChange {
  gained: string[];
  lost: string[];
}

/** How the matrix differs from the one shown under an earlier policy. */
export interface MatrixChanges {
  since: PolicyVersion;
  /** `user\u0000reference` to what changed there; cells that did not change are absent. */
  cells: Map<string, CellChange>;
}

const STYLE = `
body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; vertical-align: top; }
thead th { background: #f4f4f4; }
td.none { color: #999; }
td.changed { background: #fff6d5; }
td.error { color: #aa2222; }
.gained { color: #116611; font-weight: 600; }
.lost { color: #aa2222; text-decoration: line-through; }
.holds { color: #116611; } .fails { color: #aa2222; }
ul.why, ul.why ul { list-style: none; padding-left: 1.4rem; }
code { font-size: 13px; }
.meta { color: #555; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
${body}
</body>
</html>
`;
}

function versionLine(policy: PolicyVersion): string {
  return `<p class="meta">Policy <code id="policy-version">${escapeHtml(policy.version)}</code>, loaded <time datetime="${policy.loadedAt.toISOString()}">${policy.loadedAt.toISOString()}</time> from ${policy.files.map((file) => `<code>${escapeHtml(file)}</code>`).join(', ')}.</p>`;
}

function whyLink(user: string, action: string, resource: string): string {
  const query = new URLSearchParams({ user, action, resource });
  return `/authz/why?${escapeHtml(query.toString())}`;
}

/**
 * The permission matrix as a table: users down, resources across, in each
 * cell the permitted actions, each linked to its explanation; cells that
 * changed since the previous policy marked.
 */
export function matrixPage(
  matrix: PermissionMatrix,
  policy: PolicyVersion,
  changes: MatrixChanges | undefined,
  classNames: string[],
): string {
  const header = matrix.resources
    .map(
      ({ label, title }) =>
        `<th scope="col">${escapeHtml(label)}${title === undefined ? '' : `<br><small>${escapeHtml(title)}</small>`}</th>`,
    )
    .join('');
  const rows = matrix.users.map((user, row) => {
    const cells = matrix.resources.map(({ reference }, column) => {
      const actions = matrix.cells[row][column];
      if (!actions) return '<td class="error">error</td>';
      const change = changes?.cells.get(`${user}\u0000${reference}`);
      const shown = actions.map((action) => {
        const gained = change?.gained.includes(action) ? ' class="gained"' : '';
        return `<a${gained} href="${whyLink(user, action, reference)}">${escapeHtml(action)}</a>`;
      });
      for (const action of change?.lost ?? []) {
        shown.push(
          `<a class="lost" href="${whyLink(user, action, reference)}">${escapeHtml(action)}</a>`,
        );
      }
      const classes = [
        shown.length ? '' : 'none',
        change ? 'changed' : '',
      ].filter(Boolean);
      const attribute = classes.length ? ` class="${classes.join(' ')}"` : '';
      return `<td${attribute}>${shown.length ? shown.join(' ') : '-'}</td>`;
    });
    return `<tr><th scope="row">${escapeHtml(user)}</th>${cells.join('')}</tr>`;
  });
  const shownOf = (count: number, total: number, what: string) =>
    count < total
      ? `the first ${count} of ${total} ${what}`
      : `${total} ${what}`;
  const failed = matrix.error
    ? `<p class="fails" id="policy-error">The policy failed while deciding: ${escapeHtml(matrix.error)}. Cells marked error answer 500 to a request; see why from the form below.</p>`
    : '';
  const changed = changes
    ? `<p class="meta">Marked: cells that changed since policy <code>${escapeHtml(changes.since.version)}</code> (loaded ${changes.since.loadedAt.toISOString()}); <span class="gained">gained</span>, <span class="lost">lost</span>.</p>`
    : '';
  const others = classNames
    .map((name) =>
      name === matrix.className
        ? `<strong>${escapeHtml(name)}</strong>`
        : `<a href="/authz/matrix?type=${encodeURIComponent(name)}">${escapeHtml(name)}</a>`,
    )
    .join(' · ');
  return page(
    `Who may do what: ${matrix.className}`,
    `<h1>Who may do what: ${escapeHtml(matrix.className)}</h1>
${versionLine(policy)}
${failed}
<p class="meta">Users down, ${escapeHtml(matrix.className)} across: ${shownOf(matrix.users.length, matrix.totalUsers, 'users')}, ${shownOf(matrix.resources.length, matrix.totalResources, 'resources')}. Each action links to why; edit a file in the policy folder and reload this page.</p>
${changed}
<nav class="meta">Classes: ${others}</nav>
<table id="matrix">
<thead><tr><th scope="col">user</th>${header}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<form action="/authz/why" method="get">
<p>Why or why not:
<label>user <input name="user" required></label>
<label>action <input name="action" required></label>
<label>resource <input name="resource" required placeholder="a repository, or Type:key"></label>
<button type="submit">Explain</button></p>
</form>`,
  );
}

/** An explanation as nested lists: each question under the rule that asked it. */
export function whyPage(
  question: { user: string; action: string; resource: string },
  explanation: Explanation,
  policy: PolicyVersion,
): string {
  const title = `${question.user} ${question.action} ${question.resource}: ${explanation.decision}`;
  const error = explanation.error
    ? `<p class="fails">${escapeHtml(explanation.error)}</p>`
    : '';
  return page(
    title,
    `<h1>Why: ${escapeHtml(question.user)} ${escapeHtml(question.action)} ${escapeHtml(question.resource)}</h1>
<p id="decision" class="${explanation.decision === 'allowed' ? 'holds' : 'fails'}">${explanation.decision}</p>
${error}
${versionLine(policy)}
<ul class="why">${goalItem(explanation.goal)}</ul>
<p><a href="/authz/matrix">Back to the matrix</a></p>`,
  );
}

function goalItem(goal: GoalExplanation): string {
  const status = goal.holds
    ? '<span class="holds">holds</span>'
    : '<span class="fails">fails</span>';
  const note = goal.note ? ` (${escapeHtml(goal.note)})` : '';
  const attempts = goal.attempts.map(attemptItem).join('');
  return `<li><code>${escapeHtml(goal.goal)}</code> ${status}${note}${attempts ? `<ul>${attempts}</ul>` : ''}</li>`;
}

function attemptItem(attempt: RuleAttempt): string {
  const details = [
    attempt.failedAt !== undefined
      ? `<li>fails at: <code>${escapeHtml(attempt.failedAt)}</code></li>`
      : '',
    attempt.error !== undefined
      ? `<li class="fails">error: ${escapeHtml(attempt.error)}</li>`
      : '',
    attempt.values.length
      ? `<li>with <code>${attempt.values.map(escapeHtml).join('</code>, <code>')}</code></li>`
      : '',
    ...attempt.subgoals.map(goalItem),
  ].join('');
  return `<li>${verb(attempt)} <code class="place">${escapeHtml(attempt.place)}</code> <code>${escapeHtml(attempt.rule)}</code><ul>${details}</ul></li>`;
}
