export * from './namespace';
export * from './wait-for';
export * from './service-process';
export * from './otlp-receiver';
export { startPrivateKafka, startPrivateStore, type PrivateServer } from './infrastructure';
export * from './hostile-corpus';
