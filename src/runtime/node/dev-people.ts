import type { Principal } from '../../auth/principal.js';
import type { FixtureSet } from '../../fixtures/fixture-set.js';

/** Someone to sign in as with the development provider: a principal, a name and what they do. */
export interface DevPerson {
  principal: Principal;
  name: string;
  email: string;
  /** Where they work or learn, shown when choosing. */
  at: string;
}

/** The learners of the scenarios (fixtures/README.md), by the subject their tokens carry. */
const LEARNERS: readonly [string, string, string][] = [
  ['willem', 'Willem Jansen', 'ALO-zij-instroom bij KSU'],
  ['miranda', 'Miranda de Boer', 'Docent Nederlands bij Yuverta'],
  ['janneke', 'Janneke Visser', 'Verzorgende IG bij Cordaan'],
  ['anne', 'Anne Bakker', 'Onderwijsassistent bij KSU'],
  ['frans', 'Frans van Dijk', 'Installatiemedewerker bij Hoppenbrouwers'],
];

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);

/**
 * The people of the scenario fixtures, to sign in as with the development provider: an opleider per
 * instelling, a werkgever and every praktijkopleider (with the subject of their assessor record) per
 * employer, a few learners and an admin.
 * @example devPeople(readFixtureFiles()).find((p) => p.principal.sub === 'pol-ksu-1')?.name // 'Joost van der Linden'
 */
export function devPeople(fixtures: FixtureSet): DevPerson[] {
  const people: DevPerson[] = [];
  for (const institution of fixtures.institutions.map(record)) {
    const id = text(institution.id, '');
    const name = text(institution.name, id);
    people.push({
      principal: { sub: `opleider-${id}`, role: 'opleider', institution: id },
      name: `Opleider ${id.toUpperCase()}`,
      email: `opleider@${id}.example.nl`,
      at: name,
    });
  }
  for (const { employer, assessors = [] } of fixtures.employers) {
    const id = text(record(employer).id, '');
    const name = text(record(employer).name, id);
    people.push({
      principal: { sub: `hr-${id}`, role: 'werkgever', employer: id },
      name: `HR ${name}`,
      email: `hr@${id}.example.nl`,
      at: name,
    });
    for (const assessor of assessors.map(record)) {
      const sub = text(assessor.subject, '');
      if (sub === '') continue;
      people.push({
        principal: { sub, role: 'praktijkopleider', employer: id },
        name: text(assessor.name, sub),
        email: text(assessor.email, `${sub}@${id}.example.nl`),
        at: name,
      });
    }
  }
  for (const [sub, name, at] of LEARNERS)
    people.push({ principal: { sub, role: 'learner' }, name, email: `${sub}@example.nl`, at });
  people.push({
    principal: { sub: 'beheer', role: 'admin' },
    name: 'Beheerder',
    email: 'beheer@example.nl',
    at: 'Loopbrug',
  });
  return people;
}
