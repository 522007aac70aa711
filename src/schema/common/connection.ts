import { Field, Int, type ClassType } from "type-graphql";
import { encodeKeyCursor } from "./cursor";
import { SimpleObjectType } from "./simple-object-type";

@SimpleObjectType({ description: "Relay page information." })
export class PageInfo {
  @Field(() => Boolean, { description: "Whether items follow this page." })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: "Whether items precede this page." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first edge." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last edge; pass as `after` for the next page." })
  endCursor!: string | null;
}

export interface Edge<Node> {
  node: Node;
  cursor: string;
}

/**
 * What a resolver returns for a connection field. `edges` and `totalCount`
 * are worked out from it by the connection type, and only when a query
 * selects them.
 */
export interface Connection<Node> {
  nodes: Node[];
  pageInfo: PageInfo;
  /** The tag of the list's order and each node's keys in it, for the edges' cursors (`encodeKeyCursor`). */
  tag: string;
  keys: readonly string[];
  /** Counts the whole list. */
  countAll: () => Promise<number>;
}

/** Builds `<Name>Edge` and `<Name>Connection` object types for a node type. */
export function ConnectionType<Node extends object>(name: string, node: ClassType<Node>) {
  @SimpleObjectType(`${name}Edge`, { description: `A ${name} with its cursor.` })
  class EdgeType {
    @Field(() => node, { description: `The ${name}.` })
    node!: Node;

    @Field(() => String, { description: "Opaque cursor of this edge; pass as `after` to continue." })
    cursor!: string;
  }

  @SimpleObjectType(`${name}Connection`, { description: `A page of ${name} items in a stable order.` })
  class ConnectionClass implements Connection<Node> {
    @Field(() => [EdgeType], { description: "Items of this page with their cursors." })
    get edges(): EdgeType[] {
      return this.nodes.map((node, index) => ({ node, cursor: encodeKeyCursor(this.tag, this.keys[index]!) }));
    }

    @Field(() => [node], { description: "The nodes of `edges`, for clients that need no cursors." })
    nodes!: Node[];

    @Field(() => PageInfo, { description: "Where this page sits in the list." })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "Number of items in the whole list, across pages." })
    get totalCount(): Promise<number> {
      return this.countAll();
    }

    tag!: string;

    keys!: readonly string[];

    countAll!: () => Promise<number>;
  }
  return ConnectionClass;
}
