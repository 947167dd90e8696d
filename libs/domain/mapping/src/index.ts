export { ACTION_PARAMS, type ActionParam, type ParamKind } from './action-params';
export { checkMappingParams, type MappingParamsCheck } from './check-mapping-params';
export { ACTION_EXECUTION_ORDER, planActions, type Plan, type Skip } from './plan-actions';
export * from './trigger-params';
