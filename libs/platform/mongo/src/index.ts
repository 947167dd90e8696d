export { connectMongo } from './connect-mongo';
export { isRetriableMongoError } from './is-retriable-mongo-error';
