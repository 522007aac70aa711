import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { issueColumnsFor } from "../../src/resolvers/issue/issue-columns";
import { fieldsOnNodes } from "../../src/resolvers/common/lookahead";

/** The parts of a resolver's info that lookahead reads, for the first field of `query`. */
function infoFor(query: string): GraphQLResolveInfo {
  const document = parse(query);
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments } as unknown as GraphQLResolveInfo;
}

const CANDIDATES = ["assignee", "reporter"] as const;
const selected = (query: string) => {
  const fields = fieldsOnNodes(infoFor(query));
  return CANDIDATES.filter((name) => fields.has(name)).sort();
};

describe("fieldsOnNodes", () => {
  it("finds fields under nodes and under edges.node", () => {
    expect(selected("{ issues { nodes { id assignee { id } } } }")).toEqual(["assignee"]);
    expect(selected("{ issues { edges { cursor node { reporter { id } } } } }")).toEqual(["reporter"]);
  });

  it("follows named and inline fragments at every level", () => {
    expect(
      selected(`{ issues { ...Page } }
        fragment Page on IssueConnection { edges { ... on IssueEdge { node { ...Card } } } }
        fragment Card on Issue { ... on Issue { assignee { id } } reporter { id } }`),
    ).toEqual(["assignee", "reporter"]);
  });

  it("ignores the fields of other levels and of nested items", () => {
    expect(selected("{ issues { totalCount pageInfo { hasNextPage } } }")).toEqual([]);
    expect(selected("{ issues { nodes { comments { nodes { assignee: author { id } } } } } }")).toEqual([]);
  });
});

describe("issueColumnsFor", () => {
  const columnsFor = (...fields: string[]) => issueColumnsFor(new Set(fields));

  it("reads only a card's columns for a board's fields", () => {
    expect(columnsFor("id", "key", "summary", "status", "priority", "assignee", "reporter", "project", "__typename")).toEqual(
      ["assigneeId", "id", "key", "priority", "projectId", "reporterId", "status", "summary"],
    );
  });

  it("adds the timestamps and the wide columns only for the fields that show them", () => {
    const base = columnsFor("id", "createdAt");
    expect(base).toEqual(expect.arrayContaining(["createdAt", "updatedAt", "issueType", "projectId"]));
    expect(base).not.toContain("description");
    expect(columnsFor("key", "description")).toEqual([...base!, "description"].sort());
    expect(columnsFor("customFields", "description")).toEqual([...base!, "customFields", "description"].sort());
  });

  it("reads every column for a field it does not know", () => {
    expect(columnsFor("key", "someFieldAddedLater")).toBeUndefined();
  });
});
