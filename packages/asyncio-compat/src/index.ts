/**
 * `@athanor/asyncio-compat`: Athanor's async API, SQLAlchemy's
 * `ext.asyncio` in TypeScript: `createAsyncEngine`, `AsyncEngine`,
 * `AsyncConnection`, `AsyncResult` (streaming with `for await`) and the
 * async runner that drives core's operations.
 *
 * @packageDocumentation
 */
export {
  AsyncConnection,
  AsyncEngine,
  type AsyncResultOf,
  AsyncTransaction,
  createAsyncEngine,
} from "./async-engine.js";
export { AsyncMappingResult, AsyncResult, AsyncScalarResult } from "./async-result.js";
export { runAsync } from "./run-async.js";
