import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { buildModuleCredential } from '../../src/credentials/index.js';
import { startDeployments } from '../support/deployments.js';
import type { Json } from '../support/target.js';
import { admin, opleider } from '../support/test-app.js';

/** What the Workers tests get of deployment A, which runs on Node beside workerd for the whole run. */
export interface DeploymentA {
  /** A's public URL, `https://localhost:<port>`. */
  url: string;
  /** The certificate A serves with: workerd's network trusts it (vitest.workers.config.ts). */
  cert: string;
  /** A plain-HTTP control endpoint on loopback: POST /suspend | /reinstate | /revoke | /stop | /start. */
  control: string;
  /** A module credential HAN at A issued over the VC-API, with A's status entry. */
  credential: Json;
}

declare module 'vitest' {
  export interface ProvidedContext {
    deploymentA: DeploymentA;
  }
}

/**
 * Global setup of the Workers tests: deployment A, the real app on Node with SQLite, served over HTTPS
 * on loopback (tests/support/deployments.ts), with one credential HAN issued. The Workers test is
 * deployment B, on workerd + D1: it reaches A only over the network, and drives A through the control
 * endpoint (the status changes, and stopping and starting A's server), since it cannot call into Node.
 * @example globalSetup: ['./tests/workers/deployment-a.setup.ts']
 */
export default async function setup(project: TestProject) {
  const deployments = await startDeployments({ a: {} });
  const { a } = deployments;
  const registered = await a.call('POST', '/institutions', {
    as: admin,
    body: { id: 'han', name: 'HAN', kind: 'hbo', country: 'NL', qualityAssurance: 'NVAO' },
  });
  if (registered.status !== 201) throw new Error(`registering han at A: ${registered.text}`);
  const issued = await a.call('POST', '/credentials/issue', {
    as: opleider('han'),
    body: { credential: buildModuleCredential(sampleInput(a.deps, 'han')) },
  });
  if (issued.status !== 201) throw new Error(`issuing at A: ${issued.text}`);
  const credential = issued.body.verifiableCredential;

  const actions: Record<string, () => Promise<unknown>> = {
    stop: () => a.stop(),
    start: () => a.start(),
    ...Object.fromEntries(
      (['suspend', 'reinstate', 'revoke'] as const).map((action) => [
        action,
        async () => {
          const res = await a.call('POST', `/credentials/${encodeURIComponent(credential.id)}/${action}`, {
            as: opleider('han'),
            body: { reason: 'Workers-test' },
          });
          if (res.status !== 200) throw new Error(`${action} at A: ${res.text}`);
        },
      ]),
    ),
  };
  const control = createServer((req, res) => {
    const action = actions[(req.url ?? '').slice(1)];
    if (req.method !== 'POST' || !action) {
      res.writeHead(404).end();
      return;
    }
    action().then(
      () => res.writeHead(204).end(),
      (error) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  project.provide('deploymentA', {
    url: a.url,
    cert: deployments.ca,
    control: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
    credential,
  });
  return async () => {
    control.closeAllConnections();
    control.close();
    await deployments.close();
  };
}
