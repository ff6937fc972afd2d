/**
 * `@athanor/asyncio-compat/orm`: the ORM's async API (SQLAlchemy's
 * `ext.asyncio` session side): `AsyncSession`, `asyncSessionmaker`,
 * `asyncScopedSession`, `awaitableAttrs`. A separate entry point because
 * `@athanor/orm` is an optional peer: Core-only applications import
 * `@athanor/asyncio-compat` without it.
 *
 * @packageDocumentation
 */
export { AwaitRequiredError } from "@athanor/orm";
export { AsyncOrmResult, AsyncOrmScalarResult } from "./async-orm-result.js";
export { type AsyncScopedSession, asyncScopedSession } from "./async-scoped-session.js";
export { AsyncSession, type AsyncStreamOf, type AsyncStreamScalarsOf } from "./async-session.js";
export { AsyncSessionTransaction } from "./async-session-transaction.js";
export {
  type AsyncSessionFactory,
  type AsyncSessionmakerOptions,
  asyncSessionmaker,
} from "./async-sessionmaker.js";
export { type AwaitableAttrs, awaitableAttrs } from "./awaitable-attrs.js";
