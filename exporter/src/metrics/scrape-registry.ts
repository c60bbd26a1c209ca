/**
 * The one way gauges are filled at scrape time. Values that derive from the latest verdict (the
 * verdict gauges, etcd quorum, replication link states) are computed when Prometheus asks, not on
 * every evaluation: the hot loop stays free of them and a scrape always shows the newest verdict.
 * Every filler runs before any metric is rendered, so no filler depends on registration order.
 */
import { Registry } from 'prom-client';

export type ScrapeFiller = () => void;

export class ScrapeRegistry extends Registry {
  private readonly fillers = new Set<ScrapeFiller>();

  /** `fill` runs at every scrape, before rendering. Returns the function that removes it. */
  beforeScrape(fill: ScrapeFiller): () => void {
    this.fillers.add(fill);
    return () => this.fillers.delete(fill);
  }

  override async metrics(): Promise<string> {
    this.fill();
    return super.metrics();
  }

  /** The same values as JSON (tests and tools read this form). */
  override async getMetricsAsJSON(): ReturnType<Registry['getMetricsAsJSON']> {
    this.fill();
    return super.getMetricsAsJSON();
  }

  private fill(): void {
    for (const fill of this.fillers) fill();
  }
}
