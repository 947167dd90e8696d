export * from './user.model';
