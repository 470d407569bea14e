/**
 * Per-rule figures the rule list shows beside each rule: the last run, and open / total alerts. GET /api/v1/rules
 * does not carry them (yet), so they are asked for per rule, four rules at a time; a rule that already carries
 * `lastRun` and `alertCounts` costs nothing.
 */
import { useEffect, useState } from 'react';
import { api, qs } from '../../../api/client';
import { ruleUrl, type Rule, type RunRecord } from '../rule-types';

export interface RuleStats { lastRun: RunRecord | null; open: number; total: number; error?: string }

async function statsOf(rule: Rule, signal: AbortSignal): Promise<RuleStats> {
  if (rule.lastRun !== undefined && rule.alertCounts) return { lastRun: rule.lastRun, ...rule.alertCounts };
  const alerts = (status?: string) => api.get<{ total: number }>(`/api/v1/alerts${qs({ ruleId: rule.id, status, limit: 1 })}`, { signal }).then(r => r.total);
  const [runs, total, open] = await Promise.all([
    api.get<{ runs: RunRecord[] }>(`${ruleUrl(rule.id)}/runs${qs({ limit: 5 })}`, { signal }),
    alerts(), alerts('open'),
  ]);
  // the last run that was not a dry run (run now / preview raise nothing, so they are not the rule's status)
  return { lastRun: runs.runs.find(r => r.kind !== 'dry') ?? null, open, total };
}

export function useRuleStats(rules: Rule[] | null): Map<string, RuleStats> {
  const [stats, setStats] = useState(new Map<string, RuleStats>());
  useEffect(() => {
    if (!rules) return;
    const ctl = new AbortController();
    const queue = [...rules];
    const worker = async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        const rule = r;
        const s = await statsOf(rule, ctl.signal).catch((e: unknown) => ({ lastRun: null, open: 0, total: 0, error: (e as Error).message }));
        if (ctl.signal.aborted) return;
        setStats(m => new Map(m).set(rule.id, s));
      }
    };
    void Promise.all([worker(), worker(), worker(), worker()]);
    return () => ctl.abort();
  }, [rules]);
  return stats;
}
