/** evaluate plugin(…): each supported plugin lowers in its own file under ../plugins. */
import { kindOf } from '../../analyzer/bridge.js';
import { unsupported } from '../../errors.js';
import type { OperatorLowering } from './types.js';
import { lowerBagUnpack } from '../plugins/bag-unpack.js';
import { lowerPivot } from '../plugins/pivot.js';
import { lowerIpv4Lookup } from '../plugins/ipv4-lookup.js';

/** The supported plugins by name (docs/kql-support.md is generated from this registry). */
export const PLUGINS: Record<string, OperatorLowering> = {
  bag_unpack: lowerBagUnpack,
  pivot: lowerPivot,
  ipv4_lookup: lowerIpv4Lookup,
};

export const lowerEvaluate: OperatorLowering = (op, input, lw, scope) => {
  const call = op.FunctionCall;
  const name = String(call?.ReferencedSymbol?.Name ?? call?.Name?.SimpleName ?? '');
  const plugin = PLUGINS[name];
  if (!plugin || !call || kindOf(call) !== 'FunctionCallExpression') throw unsupported(`the plugin '${name || 'evaluate'}'`, call ?? op);
  return plugin(op, input, lw, scope);
};
