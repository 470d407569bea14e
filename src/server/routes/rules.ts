/** Detection rules: list, create (validated), edit, enable, copy built-ins, delete; run now and preview (dry runs); runs. */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Type, type Static } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { DEFAULTS, DAY, type Rule, type RuleDefinition } from '../../rules/model.js';
import { validateRule, type Problem } from '../../rules/validate.js';
import { RuleBusy, scheduledWindow } from '../../rules/service.js';
import { KqlError } from '../../kql/errors.js';
import { loadSavedFunctions } from '../../kql/saved-functions.js';
import { IdParams, PageQuery, RuleBody, page } from './rule-schemas.js';

type Body = Static<typeof RuleBody>;

function definition(b: Body): RuleDefinition {
  return {
    name: b.name, query: b.query, frequency: b.frequency, alert: { ...b.alert },
    entities: b.entities ?? DEFAULTS.entities, alertPer: b.alertPer ?? DEFAULTS.alertPer, scope: b.scope ?? DEFAULTS.scope,
    parameters: b.parameters ?? {}, enabled: b.enabled ?? true,
  };
}

/** 422 with every problem; the first one's field and code at the top, as every other error has them. */
function refuse(reply: FastifyReply, problems: Problem[]) {
  const [first] = problems;
  return reply.status(422).send({ error: { code: first.code, message: first.message, field: first.field, ...(first.span ? { span: first.span } : {}), problems } });
}

export function ruleRoutes(cx: ServerContext): FastifyPluginAsync {
  return async app => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    // rules may call saved functions, as hunting queries do; validation binds them as the run does
    const read = await cx.store.instance.connect();
    app.addHook('onClose', async () => read.closeSync());
    const savedFunctions = () => loadSavedFunctions(read);
    const svc = cx.rules.service;
    const find = async (id: string): Promise<Rule & { windowTo: string | null }> => {
      const rule = await svc.rules.get(id);
      if (!rule) throw new HttpError(404, 'not_found', `No rule ${id}.`, 'id');
      return rule;
    };
    const dry = async (rule: Rule, window: { from: Date; to: Date }) => {
      try {
        return await cx.queryGate.run(() => svc.dryRun(rule, window));
      } catch (err) {
        if (err instanceof RuleBusy) throw new HttpError(409, 'rule_running', err.message, 'id');
        if (err instanceof KqlError) throw new HttpError(422, 'query_failed', err.message, 'query');
        throw err;
      }
    };

    r.get('/api/v1/rules', async req => {
      cx.auth.require(req, 'read');
      const [rules, stats] = await Promise.all([svc.rules.list(), svc.rules.listStats()]);
      return { rules: rules.map(rule => ({ ...rule, ...(stats.get(rule.id) ?? { lastRun: null, alertCounts: { open: 0, total: 0 } }) })) };
    });

    r.post('/api/v1/rules', { schema: { body: RuleBody } }, async (req, reply) => {
      cx.auth.require(req, 'rules');
      const def = definition(req.body);
      const problems = validateRule(def, await savedFunctions());
      if (problems.length) return refuse(reply, problems);
      const created = await svc.rules.create(def);
      cx.rules.scheduler.nudge(err => req.log.error({ err }, 'rule cycle failed'));
      return reply.status(201).send(created);
    });

    r.post('/api/v1/rules/validate', { schema: { body: RuleBody } }, async req => {
      cx.auth.require(req, 'rules');
      const problems = validateRule(definition(req.body), await savedFunctions());
      return { ok: problems.length === 0, problems };
    });

    r.post('/api/v1/rules/preview', { schema: { body: Type.Object({ rule: RuleBody, days: Type.Integer({ minimum: 1, maximum: 30 }) }, { additionalProperties: false }) } }, async (req, reply) => {
      cx.auth.require(req, 'rules');
      const def = definition(req.body.rule);
      const problems = validateRule(def, await savedFunctions());
      if (problems.length) return refuse(reply, problems);
      const now = new Date();
      const draft: Rule = { ...def, id: 'draft:preview', builtin: false, copiedFrom: null, createdAt: now.toISOString(), updatedAt: now.toISOString() };
      return dry(draft, { from: new Date(now.getTime() - req.body.days * DAY), to: now });
    });

    r.get('/api/v1/rules/:id', { schema: { params: IdParams } }, async req => {
      cx.auth.require(req, 'read');
      return find(req.params.id);
    });

    r.put('/api/v1/rules/:id', { schema: { params: IdParams, body: RuleBody } }, async (req, reply) => {
      cx.auth.require(req, 'rules');
      const rule = await find(req.params.id);
      if (rule.builtin) throw new HttpError(409, 'builtin_rule', `Rule ${rule.id} is built in and read-only; copy it (POST /api/v1/rules/${rule.id}/copy) and edit the copy.`, 'id');
      const def = definition(req.body);
      const problems = validateRule(def, await savedFunctions());
      if (problems.length) return refuse(reply, problems);
      return svc.rules.update({ ...rule, ...def });
    });

    r.patch('/api/v1/rules/:id', { schema: { params: IdParams, body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }) } }, async req => {
      cx.auth.require(req, 'rules');
      const rule = await find(req.params.id);
      const updated = await svc.rules.update({ ...rule, enabled: req.body.enabled });
      if (req.body.enabled) cx.rules.scheduler.nudge(err => req.log.error({ err }, 'rule cycle failed'));
      return updated;
    });

    r.delete('/api/v1/rules/:id', { schema: { params: IdParams } }, async (req, reply) => {
      cx.auth.require(req, 'rules');
      const rule = await find(req.params.id);
      if (rule.builtin) throw new HttpError(409, 'builtin_rule', `Rule ${rule.id} is built in; disable it instead (PATCH with {"enabled": false}).`, 'id');
      await svc.rules.remove(rule.id);
      return reply.status(204).send();
    });

    r.post('/api/v1/rules/:id/copy', { schema: { params: IdParams, body: Type.Optional(Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false })) } }, async (req, reply) => {
      cx.auth.require(req, 'rules');
      const { id: _id, builtin: _b, copiedFrom: _c, createdAt: _ca, updatedAt: _u, windowTo: _w, ...def } = await find(req.params.id);
      const copy = await svc.rules.create({ ...def, name: req.body?.name ?? `${def.name} (copy)`, enabled: false }, { copiedFrom: req.params.id });
      return reply.status(201).send(copy);
    });

    // "Run now": what the rule would raise at this moment, over the window its next run would cover; raises nothing
    r.post('/api/v1/rules/:id/run', { schema: { params: IdParams } }, async req => {
      cx.auth.require(req, 'rules');
      const rule = await find(req.params.id);
      return dry(rule, scheduledWindow(rule, rule.windowTo, new Date()));
    });

    r.post('/api/v1/rules/:id/preview', { schema: { params: IdParams, body: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 30 }) }, { additionalProperties: false }) } }, async req => {
      cx.auth.require(req, 'rules');
      const rule = await find(req.params.id);
      const now = new Date();
      return dry(rule, { from: new Date(now.getTime() - req.body.days * DAY), to: now });
    });

    r.get('/api/v1/rules/:id/runs', { schema: { params: IdParams, querystring: Type.Object(PageQuery, { additionalProperties: false }) } }, async req => {
      cx.auth.require(req, 'read');
      await find(req.params.id);
      const { limit, offset } = page(req.query);
      return { ...(await svc.rules.runs(req.params.id, limit, offset)), limit, offset };
    });
  };
}
