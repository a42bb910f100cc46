import { api } from './http';

/** The monitor's summary of the platform: whatever figures it reports, by name. */
export function metricsSummary(signal?: AbortSignal): Promise<Record<string, unknown>> {
  return api<Record<string, unknown>>('/api/metrics/summary', { signal });
}
