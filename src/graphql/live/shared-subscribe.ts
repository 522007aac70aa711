import { createSourceEventStream, print, visit, type DocumentNode, type ExecutionArgs, type ExecutionResult } from "graphql";
import type { Execute } from "../execution/compiled-execution";
import type { GraphQLContext } from "../context";
import { mapAsync } from "./push-iterator";

/** Fields whose value depends on who reads them (links hide issues the reader cannot see). */
const VIEWER_DEPENDENT_FIELDS = new Set(["links"]);

interface DocumentShape {
  text: string;
  viewerDependent: boolean;
}

/** What the operation key needs of a document, worked out once per document (the subscription document cache shares them). */
const shapes = new WeakMap<DocumentNode, DocumentShape>();

function shapeOf(document: DocumentNode): DocumentShape {
  let shape = shapes.get(document);
  if (shape) return shape;
  let viewerDependent = false;
  visit(document, {
    Field(node) {
      if (VIEWER_DEPENDENT_FIELDS.has(node.name.value)) viewerDependent = true;
    },
  });
  shapes.set(document, (shape = { text: print(document), viewerDependent }));
  return shape;
}

/** Executions per event payload (the same object for every subscriber of an event), by operation. */
const executions = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

/**
 * graphql-ws `subscribe`: like graphql-js's, except that one event is
 * executed once per distinct operation (document, variables) and the result
 * shared by every subscriber of it, instead of once per subscriber. Every
 * subscriber was already cleared for the event by the live feed, and
 * operations selecting viewer-dependent fields are keyed by viewer too.
 * Events run through `execute`, the executor every door shares.
 */
export function sharedSubscribe(execute: Execute) {
  return async (args: ExecutionArgs) => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const shape = shapeOf(args.document);
    const viewer = shape.viewerDependent ? (args.contextValue as GraphQLContext).actor?.userId ?? "" : "*";
    const operation = `${viewer}\u0000${args.operationName ?? ""}\u0000${JSON.stringify(args.variableValues ?? {})}\u0000${shape.text}`;
    return mapAsync(source[Symbol.asyncIterator](), (payload: unknown) => {
      if (payload === null || typeof payload !== "object") return execute({ ...args, rootValue: payload });
      let byOperation = executions.get(payload);
      if (!byOperation) executions.set(payload, (byOperation = new Map()));
      let result = byOperation.get(operation);
      if (!result) byOperation.set(operation, (result = Promise.resolve(execute({ ...args, rootValue: payload }))));
      return result;
    });
  };
}
