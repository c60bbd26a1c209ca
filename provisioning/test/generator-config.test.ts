/**
 * The generator config's Kubernetes keys: the image the DaemonSet runs and the labels that make
 * kube-prometheus pick up the PodMonitor. A wrong value is refused with the key and the fix.
 */
import { settingsFromYaml } from '../src/generator-config';
import { DEFAULT_SETTINGS } from '../src/settings';

describe('generator config: Kubernetes keys', () => {
  it('defaults to the image named after the exporter version and no extra PodMonitor labels', () => {
    expect([DEFAULT_SETTINGS.exporterImage, DEFAULT_SETTINGS.podMonitorLabels]).toEqual(['netsplit-exporter:0.1.0', {}]);
  });

  it('reads exporterImage and podMonitorLabels', () => {
    const settings = settingsFromYaml('exporterImage: registry.example.com/netsplit-exporter:0.1.0\npodMonitorLabels: { release: kube-prometheus-stack }\n', 'my.yaml');
    expect([settings.exporterImage, settings.podMonitorLabels]).toEqual(['registry.example.com/netsplit-exporter:0.1.0', { release: 'kube-prometheus-stack' }]);
  });

  it('refuses labels that are not strings and an image that is not a string, naming the key', () => {
    expect(() => settingsFromYaml('podMonitorLabels: { release: 3 }\nexporterImage: [a]\n', 'my.yaml')).toThrow(
      'my.yaml:\n  exporterImage: expected a string, got ["a"]\n  podMonitorLabels: expected a mapping of label names to strings, e.g. { release: kube-prometheus-stack }',
    );
  });
});
