/**
 * Pipelined executemany over pg: every parameter set of the batch is written
 * to the server without waiting for the reply to the one before, so a batch
 * costs about one round trip instead of one per set.
 *
 * pg's `Client` has a `pipeline` mode (8.23 has it); the adapter switches it
 * on for the length of a batch and back off once pg has nothing in flight.
 * Each pg query still ends with its own Sync, so the server treats the
 * statements as if they were sent one by one: inside a transaction block a
 * failed statement aborts the transaction, and the statements written after
 * it fail with "current transaction is aborted" without effect — the batch
 * reports the first failure in order, which is the real one. Outside a
 * transaction block each statement would commit on its own and those after
 * a failure would still run, so there (and wherever pg or the connection's
 * state does not allow it) `pipelineSupported` says no and the batch runs
 * one statement at a time, stopping at the first error, as before.
 */

/**
 * The parts of pg's `Client` that pipelining reads: the public `pipeline`
 * flag and `query(config, callback)`, and the queues pg keeps (not part of
 * its documented API, so their presence is checked before each batch).
 */
interface PgPipelineClient {
  pipeline: boolean;
  readonly _queryQueue: readonly unknown[];
  readonly _sentQueryQueue: readonly unknown[];
  readonly _activeQuery: unknown;
  readonly connectionParameters?: { readonly query_timeout?: unknown };
  query(config: object, callback: (err: Error | null, res: unknown) => void): unknown;
  once(event: "drain", listener: () => void): unknown;
  getTransactionStatus?(): string | null;
}

/**
 * Whether a batch on `client` can be pipelined now: pg has pipeline mode;
 * nothing else is queued or awaiting a reply on the connection (another
 * query written behind ours would stay pipelined when the flag goes back);
 * the connection is inside a transaction block (see the module comment);
 * and no `query_timeout` is set — pg destroys the connection when a
 * pipelined query times out, where one-at-a-time only fails the query.
 */
export function pipelineSupported(client: object): boolean {
  const c = client as Partial<PgPipelineClient>;
  return (
    typeof c.pipeline === "boolean" &&
    Array.isArray(c._queryQueue) &&
    Array.isArray(c._sentQueryQueue) &&
    c._queryQueue.length === 0 &&
    c._sentQueryQueue.length === 0 &&
    (c._activeQuery === null || c._activeQuery === undefined) &&
    typeof c.getTransactionStatus === "function" &&
    c.getTransactionStatus() === "T" &&
    !c.connectionParameters?.query_timeout
  );
}

/**
 * Sends one query per config, pipelined, and resolves with their replies in
 * order, or rejects with the first error in order once every query has
 * answered (so nothing of the batch is still in flight when the caller goes
 * on, and the connection is usable: for a rollback, or the next statement).
 * Call only where `pipelineSupported(client)` holds.
 */
export function runPipelined(client: object, configs: readonly object[]): Promise<unknown[]> {
  const c = client as PgPipelineClient;
  const n = configs.length;
  const results = new Array<unknown>(n);
  // pg can call a query's callback twice (an error binding its values, then the ReadyForQuery
  // that follows): only its first answer counts.
  const answered = new Uint8Array(n);
  let pending = n;
  let firstError: Error | undefined;
  let firstErrorAt = n;
  const wasPipelined = c.pipeline;
  return new Promise((resolve, reject) => {
    const finish = () => {
      restorePipelineFlag(c, wasPipelined);
      if (firstError === undefined) resolve(results);
      else {
        // As pg's promise API does: a stack that leads back here rather than to the socket.
        Error.captureStackTrace?.(firstError);
        reject(firstError);
      }
    };
    c.pipeline = true;
    for (let i = 0; i < n; i++) {
      c.query(configs[i] as object, (err, res) => {
        if (answered[i] === 1) return;
        answered[i] = 1;
        if (err) {
          if (i < firstErrorAt) {
            firstError = err;
            firstErrorAt = i;
          }
        } else results[i] = res;
        if (--pending === 0) finish();
      });
      // A set pg failed to send (a value it cannot bind) answers at once, and the transaction
      // is not aborted: the sets after it are not sent, as one at a time they would not run.
      if (firstError !== undefined) {
        const unsent = n - 1 - i;
        if (unsent > 0) {
          pending -= unsent;
          if (pending === 0) finish();
        }
        break;
      }
    }
  });
}

/**
 * Turns pg's pipeline flag back to what it was. Only safe when pg has no
 * query written and unanswered: with the flag off, pg would no longer take
 * the next active query from its queue of sent ones. Otherwise (a query of
 * the batch that failed to bind its values, answered at once but whose
 * ReadyForQuery is still to come, or a query someone else sent meanwhile)
 * it waits for pg's 'drain'.
 */
function restorePipelineFlag(c: PgPipelineClient, value: boolean): void {
  if (c.pipeline === value) return;
  const idle = () =>
    c._queryQueue.length === 0 &&
    c._sentQueryQueue.length === 0 &&
    (c._activeQuery === null || c._activeQuery === undefined);
  if (idle()) c.pipeline = value;
  else c.once("drain", () => restorePipelineFlag(c, value));
}
