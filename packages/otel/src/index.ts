export { otel, type OtelOptions } from './otel-plugin.js';
export { ATTR, METRIC, RETRY_EVENT } from './semantic.js';
