import { LocalJsExecutor } from '../../src/executors/quickjs/local-js-executor.js';
import { describeExecutorConformance } from './conformance.js';
import { javascriptDialect } from './dialect-javascript.js';

describeExecutorConformance('LocalJsExecutor (QuickJS)', (options) => new LocalJsExecutor(options), javascriptDialect);
