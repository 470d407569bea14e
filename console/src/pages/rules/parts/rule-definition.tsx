/** A rule's definition as facts: query, schedule, alert template, entities, scope, parameters. */
import { Badge } from '../../../components/badge';
import { SeverityBadge } from '../../../components/triage-labels';
import { fmtTime } from '../../../format';
import { Link } from '../../../router';
import { scheduleText, type Rule } from '../rule-types';

export function RuleDefinition({ rule }: { rule: Rule }) {
  const scope = rule.scope.kind === 'all' ? 'Every device'
    : rule.scope.kind === 'groups' ? `Devices in machine group ${rule.scope.groups.join(', ')}` : `Devices tagged ${rule.scope.tags.join(', ')}`;
  const params = Object.entries(rule.parameters);
  return (
    <div className="rule-definition">
      <dl className="facts">
        <dt>Schedule</dt><dd>{scheduleText(rule.frequency)}</dd>
        <dt>Alert title</dt><dd><code>{rule.alert.title}</code></dd>
        <dt>Severity</dt><dd><SeverityBadge value={rule.alert.severity} /></dd>
        <dt>Category</dt><dd>{rule.alert.category}</dd>
        <dt>MITRE ATT&amp;CK</dt><dd>{rule.alert.mitreTechniques.length ? rule.alert.mitreTechniques.map(t => <Badge key={t} value={t} tone="muted" />) : '–'}</dd>
        <dt>Impacted entities</dt><dd>{[rule.entities.device && `device from ${rule.entities.device}`, rule.entities.user && `user from ${rule.entities.user}`].filter(Boolean).join('; ') || '–'}</dd>
        <dt>Alerts</dt><dd>{rule.alertPer === 'row' ? 'One per result row' : 'One per entity while its last alert is open'}</dd>
        <dt>Scope</dt><dd>{scope}</dd>
        {params.length > 0 && <><dt>Parameters</dt><dd>{params.map(([k, v]) => <code key={k} className="param">{k} = {JSON.stringify(v)}</code>)}</dd></>}
        <dt>Origin</dt><dd>{rule.builtin ? 'Built in (read-only; copy it to change it)' : rule.copiedFrom ? <>Copied from <Link to={`/rules/${encodeURIComponent(rule.copiedFrom)}`}>{rule.copiedFrom}</Link></> : 'Custom'}</dd>
        <dt>Changed</dt><dd>{fmtTime(rule.updatedAt)} (created {fmtTime(rule.createdAt)})</dd>
      </dl>
      {rule.alert.description && <><h3 className="side-heading">Description</h3><p className="prose">{rule.alert.description}</p></>}
      {rule.alert.recommendedActions && <><h3 className="side-heading">Recommended actions</h3><p className="prose">{rule.alert.recommendedActions}</p></>}
      <h3 className="side-heading">Query</h3>
      <pre className="query-block">{rule.query}</pre>
    </div>
  );
}
