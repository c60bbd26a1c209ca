/** provisioning/prometheus/tests/netsplit-alerts.test.yml for `promtool test rules`. */
import { allAlerts, type AlertDefinition } from '../alerts';
import { annotations } from '../render/alert-labels';
import { ALERT_RULES_FILE, RECORDING_RULES_FILE } from '../render/prometheus-rules';
import { toYaml } from '../render/yaml';
import type { GeneratorSettings } from '../settings';
import { expandLabels } from './expand';
import { healthyScenario, scenarios, type RuleScenario } from './scenarios';
import { SCRAPE_INTERVAL, SCRAPE_SETUPS, withScrapeSetup } from './series';

export const RULE_TEST_FILE = 'provisioning/prometheus/tests/netsplit-alerts.test.yml';
export const HEALTHY_EVAL_TIME = '4m';

function relativeToTests(path: string): string {
  return path.replace('provisioning/prometheus/', '../');
}

/**
 * Every scenario once per scrape setup (the series as each one stores them); the healthy
 * scenario expects every alert silent, the others as written.
 */
export function allScenarios(settings: GeneratorSettings): RuleScenario[] {
  return SCRAPE_SETUPS.flatMap((setup) =>
    withScrapeSetup(setup, () => {
      const healthy: RuleScenario = {
        ...healthyScenario(),
        expectations: allAlerts(settings).map((alert) => ({ alert: alert.name, evalTime: HEALTHY_EVAL_TIME, firing: [] })),
      };
      return [healthy, ...scenarios()].map((scenario) => ({ ...scenario, name: `[${setup}] ${scenario.name}` }));
    }),
  );
}

export function ruleTestYaml(settings: GeneratorSettings): string {
  const byName = new Map<string, AlertDefinition>(allAlerts(settings).map((alert) => [alert.name, alert]));
  const definition = (name: string) => {
    const found = byName.get(name);
    if (found === undefined) throw new Error(`rule test names unknown alert ${name}`);
    return found;
  };
  return toYaml({
    rule_files: [relativeToTests(RECORDING_RULES_FILE), relativeToTests(ALERT_RULES_FILE)],
    evaluation_interval: settings.evaluationInterval,
    tests: allScenarios(settings).map((scenario) => ({
      name: scenario.name,
      interval: SCRAPE_INTERVAL,
      input_series: scenario.series.map((input) => ({ series: input.series, values: input.values })),
      alert_rule_test: scenario.expectations.map((expectation) => {
        const alert = definition(expectation.alert);
        const templates = annotations(alert, settings);
        return {
          eval_time: expectation.evalTime,
          alertname: alert.name,
          exp_alerts: expectation.firing.map((labels) => ({
            exp_labels: { ...labels },
            exp_annotations: Object.fromEntries(Object.entries(templates).map(([key, value]) => [key, expandLabels(value, labels)])),
          })),
        };
      }),
    })),
  });
}
