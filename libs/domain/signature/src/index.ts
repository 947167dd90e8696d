export * from './verify-signature';
