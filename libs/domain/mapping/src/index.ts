export { ACTION_PARAMS, type ActionParam, type ParamKind } from './action-params';
export { checkMappingParams, type MappingParamsCheck } from './check-mapping-params';
export { ACTION_EXECUTION_ORDER, planActions, type Plan, type Skip } from './plan-actions';
/** Per parameter, against a stored sample: the value the action would get, why it is left out, or why it does not resolve. */
export { checkParamsAgainstSample, type ParamProblemReason, type SampleParamCheck } from './check-params-against-sample';
/** An event's whole plan as event.mapped and its log show it; `dryRunPlan` answers it for a sample without running anything. */
export { describePlan, dryRunPlan } from './describe-plan';
export * from './trigger-params';
