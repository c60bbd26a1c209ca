/**
 * Who gets what. Critical alerts of production clusters page; warnings make tickets; clusters
 * named like dev/lab/staging/test never page. Grouped per cluster so one partition is one
 * notification, not twenty.
 */
import type { GeneratorSettings } from './settings';

export const RECEIVERS = {
  page: 'netsplit-page',
  ticket: 'netsplit-ticket',
  nonProduction: 'netsplit-nonprod',
} as const;

export interface Route {
  readonly receiver: string;
  readonly matchers: readonly string[];
  readonly groupWait?: string;
  readonly repeatInterval?: string;
  readonly why: string;
}

export const GROUP_BY = ['netsplit_cluster', 'alertname'] as const;

export function routes(settings: GeneratorSettings): readonly Route[] {
  return [
    {
      receiver: RECEIVERS.nonProduction,
      matchers: [`netsplit_cluster=~"${settings.nonProductionClusters}"`],
      why: 'Non-production clusters: everything to one low-urgency receiver, never a page.',
    },
    {
      receiver: RECEIVERS.page,
      matchers: ['severity="critical"'],
      groupWait: '0s',
      repeatInterval: '1h',
      why: 'Critical alerts page at once: a partition is measured in seconds.',
    },
    {
      receiver: RECEIVERS.ticket,
      matchers: ['severity="warning"'],
      why: 'Warnings make a ticket for working hours.',
    },
  ];
}
