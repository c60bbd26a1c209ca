/**
 * Alertmanager: a fragment a user merges into their own configuration (one route subtree that
 * takes every alert carrying netsplit_cluster, the inhibit rules, the receivers), and the full
 * example configuration docker-compose and the lab run, built from that same fragment.
 */
import { INHIBITIONS } from '../inhibitions';
import { GROUP_BY, RECEIVERS, routes } from '../routing';
import type { GeneratorSettings } from '../settings';
import { toYaml } from './yaml';

export const ALERTMANAGER_FILE = 'provisioning/alertmanager/alertmanager.yml';
export const ALERTMANAGER_FRAGMENT_FILE = 'provisioning/alertmanager/netsplit-fragment.yml';

export interface AlertmanagerFragment {
  /** Goes first under the user's root `route.routes`. */
  readonly route: Record<string, unknown>;
  /** Appended to the user's `inhibit_rules`. */
  readonly inhibit_rules: readonly Record<string, unknown>[];
  /** Appended to the user's `receivers` (replace the webhook URLs with yours). */
  readonly receivers: readonly Record<string, unknown>[];
}

export function alertmanagerFragment(settings: GeneratorSettings): AlertmanagerFragment {
  const webhook = (url: string) => [{ url, send_resolved: true }];
  return {
    route: {
      receiver: RECEIVERS.ticket,
      // Every netsplit alert carries netsplit_cluster; nothing else does.
      matchers: ['netsplit_cluster=~".+"'],
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
  };
}

export function alertmanagerFragmentYaml(settings: GeneratorSettings): string {
  return toYaml(alertmanagerFragment(settings) as unknown as Record<string, unknown>);
}

/** The fragment merged into a root route of its own, as a user merges it into theirs. */
export function alertmanagerYaml(settings: GeneratorSettings): string {
  const fragment = alertmanagerFragment(settings);
  return toYaml({
    route: { receiver: RECEIVERS.ticket, group_by: [...GROUP_BY], routes: [fragment.route] },
    inhibit_rules: fragment.inhibit_rules,
    receivers: fragment.receivers,
  });
}
