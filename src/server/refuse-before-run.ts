// An envelop plugin that checks an operation where its variables are known — after parsing and
// validation, before it runs — over HTTP and WebSocket alike, for queries, mutations and
// subscriptions: a refusal is the operation's whole result.
import type { DocumentNode, ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface OperationArgs {
  document: DocumentNode;
  operationName?: string | null | undefined;
  variableValues?: Record<string, unknown> | null | undefined;
}

/** `check` answers null to let the operation run, or the result that refuses it. */
export function refuseBeforeRunning(check: (args: OperationArgs) => ExecutionResult | null): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}
