/** Why the policy allows or denies a request: the rules Polar followed. */
export interface Explanation {
  /**
   * The decision itself, as `isAllowed` gives it; `error` when the policy
   * failed while deciding (a request then answers 500, allowing nothing).
   */
  decision: 'allowed' | 'denied' | 'error';
  /** What failed, for an `error`. */
  error?: string;
  /** `allow(actor, action, resource)`, and below it the rules. */
  goal: GoalExplanation;
}

/** One question Polar asked, such as `has_role(User:2, "admin", Repository:1)`. */
export interface GoalExplanation {
  goal: string;
  holds: boolean;
  /**
   * For a question that holds, the rule that proves it; otherwise every
   * rule that applies, each as far as it got.
   */
  attempts: RuleAttempt[];
  /** Why the rules are not shown, or not all of them. */
  note?: string;
}

/** One rule tried on a question. */
export interface RuleAttempt {
  /** `policies/main.polar:8:3` */
  place: string;
  /** As written in the file, or as Polar expands a resource block's rule. */
  rule: string;
  holds: boolean;
  /**
   * False for a rule Polar did not try: a `cut`, an error or enough
   * answers stopped it first. Nothing else is said of it.
   */
  reached: boolean;
  /** The rule's own variables when it held, `role = Role:2 {…}`; when it failed, those its failed condition reads. */
  values: string[];
  /** The condition the rule failed at. */
  failedAt?: string;
  /** The error the rule raised, if it raised one. */
  error?: string;
  /** The rules the conditions asked in turn. */
  subgoals: GoalExplanation[];
}
