export * from './plan-actions';
