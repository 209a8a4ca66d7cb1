import type { PlannerInput, PlannerModule } from './types.js';

/** Test builder: a continuous-start module teaching `competencies`, 8 hours, no prerequisites. */
export function mod(
  id: string,
  competencies: string[],
  extra: Partial<Omit<PlannerModule, 'id' | 'competencies'>> = {},
): PlannerModule {
  return {
    id,
    code: extra.code ?? id.toUpperCase(),
    title: extra.title ?? id,
    competencies,
    studyLoadHours: extra.studyLoadHours ?? 8,
    prerequisites: extra.prerequisites ?? { modules: [], competencies: [] },
    startPattern: extra.startPattern ?? { kind: 'continuous' },
  };
}

/** Test builder: an empty planner input starting Monday 2026-01-05 at 8 hours a week. */
export function plannerInput(overrides: Partial<PlannerInput> = {}): PlannerInput {
  return {
    today: '2026-01-05',
    startDate: '2026-01-05',
    hoursPerWeek: 8,
    requirements: [],
    held: [],
    exemptions: [],
    refusedExemptions: [],
    completed: [],
    pauses: [],
    catalog: [],
    ...overrides,
  };
}
