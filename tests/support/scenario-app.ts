import { readFixtureFiles } from '../../src/fixtures/read-fixture-files.js';
import { openScenario } from './scenario.js';
import { startTestApp } from './test-app.js';

export { praktijkopleider } from './principals.js';

/**
 * The real app on SQLite with the scenario fixtures (see openScenario), and `t`, the app as
 * startTestApp gives it, for the Node-only tests that read its SQLite database directly.
 * @example const s = await startScenarioApp(); s.t.db.sqlite.prepare('SELECT …');
 */
export async function startScenarioApp() {
  const t = await startTestApp();
  return { ...(await openScenario(t.target, readFixtureFiles())), t };
}
