/** provisioning/alertmanager/alertmanager.yml: routing by cluster and severity, partition-aware inhibition. */
import { INHIBITIONS } from '../inhibitions';
import { GROUP_BY, RECEIVERS, routes } from '../routing';
import type { GeneratorSettings } from '../settings';
import { toYaml } from './yaml';

export const ALERTMANAGER_FILE = 'provisioning/alertmanager/alertmanager.yml';

export function alertmanagerYaml(settings: GeneratorSettings): string {
  const webhook = (url: string) => [{ url, send_resolved: true }];
  return toYaml({
    route: {
      receiver: RECEIVERS.ticket,
      group_by: [...GROUP_BY],
      group_wait: '10s',
      group_interval: '1m',
      repeat_interval: '4h',
      routes: routes(settings).map((route) => ({
        receiver: route.receiver,
        matchers: [...route.matchers],
        ...(route.groupWait === undefined ? {} : { group_wait: route.groupWait }),
        ...(route.repeatInterval === undefined ? {} : { repeat_interval: route.repeatInterval }),
      })),
    },
    inhibit_rules: INHIBITIONS.map((rule) => ({
      source_matchers: [`alertname="${rule.sourceAlert}"`],
      target_matchers: rule.targets.map((matcher) => `${matcher.label}="${matcher.value}"`),
      equal: [...rule.equal],
    })),
    receivers: [
      { name: RECEIVERS.page, webhook_configs: webhook(settings.pageWebhookUrl) },
      { name: RECEIVERS.ticket, webhook_configs: webhook(settings.ticketWebhookUrl) },
      { name: RECEIVERS.nonProduction, webhook_configs: webhook(settings.ticketWebhookUrl) },
    ],
  });
}
