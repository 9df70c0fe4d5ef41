import type { Explanation, GoalExplanation, RuleAttempt } from './explanation';

/**
 * An explanation as the CLI prints it: the decision's word on the first
 * line (`allowed` or `denied`, as `authz can` prints it; `error` and what
 * failed), then each question indented under the rule that asked it.
 */
export function explanationText({
  decision,
  error,
  goal,
}: Explanation): string {
  const first = error === undefined ? decision : `${decision}: ${error}`;
  return [first, ...goalLines(goal, '')].join('\n');
}

/** `by` the rule that proves a question, `tried` one that failed, `skipped` one Polar stopped before. */
export function verb(attempt: RuleAttempt): 'by' | 'tried' | 'skipped' {
  if (!attempt.reached) return 'skipped';
  return attempt.holds ? 'by' : 'tried';
}

function goalLines(goal: GoalExplanation, indent: string): string[] {
  const lines = [
    `${indent}${goal.goal} ${goal.holds ? 'holds' : 'fails'}${goal.note ? ` (${goal.note})` : ''}`,
  ];
  const inner = `${indent}  `;
  for (const attempt of goal.attempts) {
    lines.push(`${inner}${verb(attempt)} ${attempt.place}  ${attempt.rule}`);
    if (attempt.failedAt) lines.push(`${inner}  fails at: ${attempt.failedAt}`);
    if (attempt.error) lines.push(`${inner}  error: ${attempt.error}`);
    if (attempt.values.length) {
      lines.push(`${inner}  with ${attempt.values.join(', ')}`);
    }
    for (const subgoal of attempt.subgoals) {
      lines.push(...goalLines(subgoal, `${inner}  `));
    }
  }
  return lines;
}
