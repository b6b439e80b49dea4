import { PyodideExecutor } from '../../src/executors/pyodide/pyodide-executor.js';
import { describeExecutorConformance } from './conformance.js';
import { pythonDialect } from './dialect-python.js';

// 512 MB for the child (256 MB of it WASM memory) makes the memory bomb end in a Python MemoryError quickly.
describeExecutorConformance('PyodideExecutor', (options) => new PyodideExecutor({ ...options, memoryLimitMb: 512 }), pythonDialect);
