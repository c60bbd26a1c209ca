/** The panel names the metrics it recognises from the exporter's contract, in every spelling a query may carry. */
import { metricKindOf, metricNames } from '../../src/data/metrics';

test('recognises the zone metrics by full name, short name and kind', () => {
  expect([metricNames.memberInfo, metricNames.zoneLinksUpRatio]).toEqual(['netsplit_member_info', 'netsplit_zone_links_up_ratio']);
  expect(['netsplit_zone_links_up_ratio', 'zone_links_up_ratio', 'zoneLinksUpRatio', 'netsplit_zone_links'].map(metricKindOf)).toEqual([
    'zoneLinksUpRatio',
    'zoneLinksUpRatio',
    'zoneLinksUpRatio',
    undefined,
  ]);
});
