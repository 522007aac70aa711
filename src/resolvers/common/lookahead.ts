import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/** Names of the fields a selection set asks for, through fragments too. */
function fieldsOf(selectionSet: SelectionSetNode | undefined, info: GraphQLResolveInfo, into = new Map<string, SelectionSetNode[]>()) {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      const sets = into.get(selection.name.value) ?? [];
      if (selection.selectionSet) sets.push(selection.selectionSet);
      into.set(selection.name.value, sets);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      fieldsOf(selection.selectionSet, info, into);
    } else {
      fieldsOf(info.fragments[selection.name.value]?.selectionSet, info, into);
    }
  }
  return into;
}

/**
 * The names of the fields the current connection field selects on its
 * items, through `nodes { … }` or `edges { node { … } }`. `@skip` and
 * `@include` are not evaluated: a field they leave out only makes the
 * caller load a little more than needed.
 */
export function fieldsOnNodes(info: GraphQLResolveInfo): Set<string> {
  const connection = new Map<string, SelectionSetNode[]>();
  for (const node of info.fieldNodes) fieldsOf(node.selectionSet, info, connection);
  const items = new Map<string, SelectionSetNode[]>();
  for (const set of connection.get("nodes") ?? []) fieldsOf(set, info, items);
  for (const edges of connection.get("edges") ?? []) {
    for (const set of fieldsOf(edges, info).get("node") ?? []) fieldsOf(set, info, items);
  }
  return new Set(items.keys());
}

