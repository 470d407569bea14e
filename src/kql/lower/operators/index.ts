/** The operator registry: syntax kind of the analyser's node to its lowering. */
import type { OperatorLowering } from './types.js';
import { lowerGetSchema } from './getschema.js';
import { lowerWhere } from './where.js';
import { lowerExtend } from './extend.js';
import { lowerProject } from './project.js';
import { lowerProjectByNames, lowerProjectRename } from './project-by-names.js';
import { lowerSummarize } from './summarize.js';
import { lowerCount } from './count.js';
import { lowerTake } from './take.js';
import { lowerSort } from './sort.js';
import { lowerTop } from './top.js';
import { lowerDistinct } from './distinct.js';
import { lowerPrint } from './print.js';
import { lowerRange } from './range.js';
import { lowerDataTable } from './datatable.js';
import { lowerJoin } from './join.js';
import { lowerUnion } from './union.js';
import { lowerLookup } from './lookup.js';
import { lowerAs } from './as.js';
import { lowerSerialize } from './serialize.js';
import { lowerMvExpand } from './mv-expand.js';
import { lowerParse, lowerParseWhere } from './parse.js';
import { lowerSearch } from './search.js';
import { lowerFind } from './find.js';
import { lowerFork } from './fork.js';
import { lowerFacet } from './facet.js';
import { lowerParseKv } from './parse-kv.js';
import { lowerMakeSeries } from './make-series.js';
import { lowerTopNested } from './top-nested.js';
import { lowerTopHitters } from './top-hitters.js';
import { lowerScan } from './scan.js';
import { lowerSample, lowerSampleDistinct } from './sample.js';
import { lowerMvApply } from './mv-apply.js';
import { lowerPartition } from './partition.js';
import { lowerEvaluate } from './evaluate.js';
import { lowerRender } from './render.js';
import { lowerExternalData } from './externaldata.js';

export const OPERATORS: Record<string, OperatorLowering> = {
  FilterOperator: lowerWhere,
  GetSchemaOperator: lowerGetSchema,
  ExtendOperator: lowerExtend,
  ProjectOperator: lowerProject,
  ProjectAwayOperator: lowerProjectByNames,
  ProjectKeepOperator: lowerProjectByNames,
  ProjectReorderOperator: lowerProjectByNames,
  ProjectRenameOperator: lowerProjectRename,
  SummarizeOperator: lowerSummarize,
  CountOperator: lowerCount,
  TakeOperator: lowerTake,
  SortOperator: lowerSort,
  TopOperator: lowerTop,
  DistinctOperator: lowerDistinct,
  PrintOperator: lowerPrint,
  RangeOperator: lowerRange,
  DataTableExpression: lowerDataTable,
  JoinOperator: lowerJoin,
  UnionOperator: lowerUnion,
  LookupOperator: lowerLookup,
  AsOperator: lowerAs,
  SerializeOperator: lowerSerialize,
  MvExpandOperator: lowerMvExpand,
  ParseOperator: lowerParse,
  ParseWhereOperator: lowerParseWhere,
  SearchOperator: lowerSearch,
  FindOperator: lowerFind,
  ForkOperator: lowerFork,
  FacetOperator: lowerFacet,
  ParseKvOperator: lowerParseKv,
  MakeSeriesOperator: lowerMakeSeries,
  TopNestedOperator: lowerTopNested,
  TopHittersOperator: lowerTopHitters,
  ScanOperator: lowerScan,
  SampleOperator: lowerSample,
  SampleDistinctOperator: lowerSampleDistinct,
  MvApplyOperator: lowerMvApply,
  PartitionOperator: lowerPartition,
  EvaluateOperator: lowerEvaluate,
  RenderOperator: lowerRender,
  ExternalDataExpression: lowerExternalData,
};
