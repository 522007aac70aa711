/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment Card on Issue {\n  id\n  key\n  summary\n  status\n  priority\n  issueType\n  assignee {\n    id\n    displayName\n  }\n  availableTransitions {\n    id\n    name\n    toState\n    available\n    needsComment\n    reasons {\n      message\n    }\n  }\n}\n\nquery Projects {\n  projects(first: 100, sort: \"name\") {\n    nodes {\n      id\n      key\n      name\n    }\n  }\n}\n\nquery Board($projectId: ID!, $after: String) {\n  project(id: $projectId) {\n    id\n    key\n    name\n    settings {\n      issueTypes\n    }\n    issues(first: 100, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...Card\n      }\n    }\n  }\n  workflows(projectId: $projectId, active: true, first: 100) {\n    nodes {\n      id\n      isDefault\n      states {\n        name\n        category\n      }\n    }\n  }\n}\n\nmutation ExecuteTransition($input: ExecuteTransitionInput!) {\n  executeTransition(input: $input) {\n    issue {\n      ...Card\n    }\n  }\n}\n\nmutation MoveToStatus($id: ID!, $status: String!) {\n  updateIssue(id: $id, input: {status: $status}) {\n    issue {\n      ...Card\n    }\n  }\n}\n\nmutation CreateCard($input: CreateIssueInput!) {\n  createIssue(input: $input) {\n    issue {\n      ...Card\n    }\n  }\n}\n\nsubscription BoardUpdates($projectId: ID!) {\n  issueUpdated(projectId: $projectId) {\n    ...Card\n  }\n}\n\nsubscription BoardEvents($projectId: ID!) {\n  issueEvents(projectId: $projectId) {\n    type\n    issue {\n      id\n    }\n  }\n}": typeof types.CardFragmentDoc,
    "query IssueDetails($id: ID!) {\n  issue(id: $id) {\n    ...Card\n    description\n    reporter {\n      displayName\n    }\n    comments(first: 50) {\n      nodes {\n        id\n        content\n        createdAt\n        author {\n          displayName\n        }\n      }\n    }\n    history(first: 50) {\n      nodes {\n        id\n        field\n        from\n        to\n        createdAt\n        actor {\n          displayName\n        }\n      }\n    }\n  }\n}": typeof types.IssueDetailsDocument,
};
const documents: Documents = {
    "fragment Card on Issue {\n  id\n  key\n  summary\n  status\n  priority\n  issueType\n  assignee {\n    id\n    displayName\n  }\n  availableTransitions {\n    id\n    name\n    toState\n    available\n    needsComment\n    reasons {\n      message\n    }\n  }\n}\n\nquery Projects {\n  projects(first: 100, sort: \"name\") {\n    nodes {\n      id\n      key\n      name\n    }\n  }\n}\n\nquery Board($projectId: ID!, $after: String) {\n  project(id: $projectId) {\n    id\n    key\n    name\n    settings {\n      issueTypes\n    }\n    issues(first: 100, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...Card\n      }\n    }\n  }\n  workflows(projectId: $projectId, active: true, first: 100) {\n    nodes {\n      id\n      isDefault\n      states {\n        name\n        category\n      }\n    }\n  }\n}\n\nmutation ExecuteTransition($input: ExecuteTransitionInput!) {\n  executeTransition(input: $input) {\n    issue {\n      ...Card\n    }\n  }\n}\n\nmutation MoveToStatus($id: ID!, $status: String!) {\n  updateIssue(id: $id, input: {status: $status}) {\n    issue {\n      ...Card\n    }\n  }\n}\n\nmutation CreateCard($input: CreateIssueInput!) {\n  createIssue(input: $input) {\n    issue {\n      ...Card\n    }\n  }\n}\n\nsubscription BoardUpdates($projectId: ID!) {\n  issueUpdated(projectId: $projectId) {\n    ...Card\n  }\n}\n\nsubscription BoardEvents($projectId: ID!) {\n  issueEvents(projectId: $projectId) {\n    type\n    issue {\n      id\n    }\n  }\n}": types.CardFragmentDoc,
    "query IssueDetails($id: ID!) {\n  issue(id: $id) {\n    ...Card\n    description\n    reporter {\n      displayName\n    }\n    comments(first: 50) {\n      nodes {\n        id\n        content\n        createdAt\n        author {\n          displayName\n        }\n      }\n    }\n    history(first: 50) {\n      nodes {\n        id\n        field\n        from\n        to\n        createdAt\n        actor {\n          displayName\n        }\n      }\n    }\n  }\n}": types.IssueDetailsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Card on Issue {\n  id\n  key\n  summary\n  status\n  priority\n  issueType\n  assignee {\n    id\n    displayName\n  }\n  availableTransitions {\n    id\n    name\n    toState\n    available\n    needsComment\n    reasons {\n      message\n    }\n  }\n}\n\nquery Projects {\n  projects(first: 100, sort: \"name\") {\n    nodes {\n      id\n      key\n      name\n    }\n  }\n}\n\nquery Board($projectId: ID!, $after: String) {\n  project(id: $projectId) {\n    id\n    key\n    name\n    settings {\n      issueTypes\n    }\n    issues(first: 100, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...Card\n      }\n    }\n  }\n  workflows(projectId: $projectId, active: true, first: 100) {\n    nodes {\n      id\n      isDefault\n      states {\n        name\n        category\n      }\n    }\n  }\n}\n\nmutation ExecuteTransition($input: ExecuteTransitionInput!) {\n  executeTransition(input: $input) {\n    issue {\n      ...Card\n    }\n  }\n}\n\nmutation MoveToStatus($id: ID!, $status: String!) {\n  updateIssue(id: $id, input: {status: $status}) {\n    issue {\n      ...Card\n    }\n  }\n}\n\nmutation CreateCard($input: CreateIssueInput!) {\n  createIssue(input: $input) {\n    issue {\n      ...Card\n    }\n  }\n}\n\nsubscription BoardUpdates($projectId: ID!) {\n  issueUpdated(projectId: $projectId) {\n    ...Card\n  }\n}\n\nsubscription BoardEvents($projectId: ID!) {\n  issueEvents(projectId: $projectId) {\n    type\n    issue {\n      id\n    }\n  }\n}"): (typeof documents)["fragment Card on Issue {\n  id\n  key\n  summary\n  status\n  priority\n  issueType\n  assignee {\n    id\n    displayName\n  }\n  availableTransitions {\n    id\n    name\n    toState\n    available\n    needsComment\n    reasons {\n      message\n    }\n  }\n}\n\nquery Projects {\n  projects(first: 100, sort: \"name\") {\n    nodes {\n      id\n      key\n      name\n    }\n  }\n}\n\nquery Board($projectId: ID!, $after: String) {\n  project(id: $projectId) {\n    id\n    key\n    name\n    settings {\n      issueTypes\n    }\n    issues(first: 100, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...Card\n      }\n    }\n  }\n  workflows(projectId: $projectId, active: true, first: 100) {\n    nodes {\n      id\n      isDefault\n      states {\n        name\n        category\n      }\n    }\n  }\n}\n\nmutation ExecuteTransition($input: ExecuteTransitionInput!) {\n  executeTransition(input: $input) {\n    issue {\n      ...Card\n    }\n  }\n}\n\nmutation MoveToStatus($id: ID!, $status: String!) {\n  updateIssue(id: $id, input: {status: $status}) {\n    issue {\n      ...Card\n    }\n  }\n}\n\nmutation CreateCard($input: CreateIssueInput!) {\n  createIssue(input: $input) {\n    issue {\n      ...Card\n    }\n  }\n}\n\nsubscription BoardUpdates($projectId: ID!) {\n  issueUpdated(projectId: $projectId) {\n    ...Card\n  }\n}\n\nsubscription BoardEvents($projectId: ID!) {\n  issueEvents(projectId: $projectId) {\n    type\n    issue {\n      id\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query IssueDetails($id: ID!) {\n  issue(id: $id) {\n    ...Card\n    description\n    reporter {\n      displayName\n    }\n    comments(first: 50) {\n      nodes {\n        id\n        content\n        createdAt\n        author {\n          displayName\n        }\n      }\n    }\n    history(first: 50) {\n      nodes {\n        id\n        field\n        from\n        to\n        createdAt\n        actor {\n          displayName\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query IssueDetails($id: ID!) {\n  issue(id: $id) {\n    ...Card\n    description\n    reporter {\n      displayName\n    }\n    comments(first: 50) {\n      nodes {\n        id\n        content\n        createdAt\n        author {\n          displayName\n        }\n      }\n    }\n    history(first: 50) {\n      nodes {\n        id\n        field\n        from\n        to\n        createdAt\n        actor {\n          displayName\n        }\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;