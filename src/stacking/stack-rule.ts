/**
 * Whether a learner's credentials meet a qualification's stack rule (PURE: no I/O, no clock).
 *
 * A rule is a list of groups; a group names competencies (URIs) and modules (ids) and is met when
 * all of its items (`all-of`) or at least `n` of them (`n-of`) are covered. A competency is covered
 * by any held achievement aligned to it, whichever instelling issued it; a module is covered by an
 * achievement that is (a version of) that module.
 */

export interface StackGroup {
  title: string;
  kind: 'all-of' | 'n-of';
  n?: number | undefined;
  competencies: readonly string[];
  modules: readonly string[];
}

export interface StackRule {
  groups: readonly StackGroup[];
}

/** One achievement a held credential attests. */
export interface HeldAchievement {
  /** The credential that attests it. */
  credentialId: string;
  /** The Achievement's id, e.g. the URL of a module version. */
  achievementId: string;
  /** Our module id, when the achievement is a version of one of our modules. */
  moduleId?: string | undefined;
  /** The competency URIs the achievement is aligned to. */
  competencies: readonly string[];
}

/** An item of a group: a competency URI or a module id. */
export interface StackItem {
  kind: 'competency' | 'module';
  id: string;
}

export interface GroupEvaluation {
  title: string;
  kind: 'all-of' | 'n-of';
  /** How many items must be covered. */
  required: number;
  covered: StackItem[];
  uncovered: StackItem[];
  met: boolean;
}

export interface StackEvaluation {
  met: boolean;
  groups: GroupEvaluation[];
  /** Per unmet group, in words: what is still missing. */
  missing: string[];
  /** The credentials that cover at least one item of the rule, in the order first held. */
  contributing: string[];
}

const itemsOf = (group: StackGroup): StackItem[] => [
  ...group.competencies.map((id) => ({ kind: 'competency' as const, id })),
  ...group.modules.map((id) => ({ kind: 'module' as const, id })),
];

const covers = (held: HeldAchievement, item: StackItem) =>
  item.kind === 'competency' ? held.competencies.includes(item.id) : held.moduleId === item.id;

const describe = (item: StackItem) => `${item.kind} ${item.id}`;

/**
 * Evaluates a stack rule against held achievements.
 * @example evaluateStackRule({ groups: [{ title: 'Kern', kind: 'all-of', competencies: ['https://x/a'], modules: [] }] }, [])
 *   // { met: false, missing: ["Kern: missing competency https://x/a"], ... }
 */
export function evaluateStackRule(rule: StackRule, held: readonly HeldAchievement[]): StackEvaluation {
  const contributing = new Set<string>();
  const groups = rule.groups.map((group): GroupEvaluation => {
    const items = itemsOf(group);
    const covered: StackItem[] = [];
    const uncovered: StackItem[] = [];
    for (const item of items) {
      const by = held.filter((h) => covers(h, item));
      for (const h of by) contributing.add(h.credentialId);
      (by.length > 0 ? covered : uncovered).push(item);
    }
    const required = group.kind === 'all-of' ? items.length : Math.min(group.n ?? items.length, items.length);
    return {
      title: group.title,
      kind: group.kind,
      required,
      covered,
      uncovered,
      met: covered.length >= required,
    };
  });
  const missing = groups
    .filter((g) => !g.met)
    .map((g) =>
      g.kind === 'all-of'
        ? `${g.title}: missing ${g.uncovered.map(describe).join(', ')}`
        : `${g.title}: ${g.required - g.covered.length} more of ${g.uncovered.map(describe).join(', ')}`,
    );
  const order = held.map((h) => h.credentialId).filter((id, i, all) => all.indexOf(id) === i);
  return {
    met: groups.every((g) => g.met),
    groups,
    missing,
    contributing: order.filter((id) => contributing.has(id)),
  };
}
