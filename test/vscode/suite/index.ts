// Entry point VS Code loads with --extensionTestsPath: runs the scenarios of the current run
// (XMPP_E2E_SCENARIO) one after the other, without mocha, and fails the run if any fails.
import { restrictedScenarios } from './restricted';
import { trustedScenarios } from './trusted';
import type { Scenario } from './helpers';

export async function run(): Promise<void> {
  const which = process.env.XMPP_E2E_SCENARIO === 'restricted' ? 'restricted' : 'trusted';
  const scenarios: Scenario[] = which === 'restricted' ? restrictedScenarios : trustedScenarios;
  let failed = 0;
  for (const s of scenarios) {
    const t0 = Date.now();
    try {
      await s.run();
      console.log(`ok - ${s.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${s.name}\n  ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  console.log(`# ${which}: ${scenarios.length - failed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} of ${scenarios.length} ${which} scenarios failed`);
}
