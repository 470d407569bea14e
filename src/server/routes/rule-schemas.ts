/** TypeBox schemas of the rule, alert and incident routes, shared by them. */
import { Type } from 'typebox';
import { FREQUENCIES, SEVERITIES } from '../../rules/model.js';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map(v => Type.Literal(v)));

export const SeverityT = lit(SEVERITIES);
export const StatusT = lit(['new', 'in_progress', 'resolved'] as const);
/** A status to filter lists by: one status, or `open` for new and in progress together. */
export const StatusFilterT = lit(['new', 'in_progress', 'resolved', 'open'] as const);
export const ClassificationT = Type.Union([lit(['true_positive', 'false_positive', 'informational'] as const), Type.Null()]);
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Column = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', maxLength: 100 });

export const RuleBody = Type.Object({
  name: Text(200, 1),
  query: Text(100_000, 1),
  frequency: lit(FREQUENCIES),
  alert: Type.Object({
    title: Text(300, 1),
    severity: SeverityT,
    category: Text(100, 1),
    mitreTechniques: Type.Array(Type.String({ pattern: '^T[0-9]{4}(\\.[0-9]{3})?$' }), { maxItems: 50 }),
    description: Text(10_000),
    recommendedActions: Text(10_000),
  }, { additionalProperties: false }),
  entities: Type.Optional(Type.Object({ device: Type.Union([Column, Type.Null()]), user: Type.Union([Column, Type.Null()]) }, { additionalProperties: false })),
  alertPer: Type.Optional(lit(['row', 'entity'] as const)),
  scope: Type.Optional(Type.Union([
    Type.Object({ kind: Type.Literal('all') }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('groups'), groups: Type.Array(Text(200, 1), { minItems: 1, maxItems: 100 }) }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('tags'), tags: Type.Array(Text(200, 1), { minItems: 1, maxItems: 100 }) }, { additionalProperties: false }),
  ])),
  parameters: Type.Optional(Type.Record(Type.String(), Type.Union([Text(1000), Type.Number(), Type.Boolean()]))),
  enabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const IdParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) });
/** Query strings arrive as text (the server does not coerce types): numbers are checked by pattern, then parsed. */
export const PageQuery = {
  limit: Type.Optional(Type.String({ pattern: '^(1000|[1-9][0-9]{0,2})$' })),
  offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
};

export function page(q: { limit?: string; offset?: string }, defaultLimit = 50): { limit: number; offset: number } {
  return { limit: q.limit ? Number(q.limit) : defaultLimit, offset: q.offset ? Number(q.offset) : 0 };
}
