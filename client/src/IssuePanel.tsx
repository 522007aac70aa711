import { useQuery } from "@apollo/client/react";
import { IssueDetailsDocument } from "./gql/graphql";

const shown = (value: unknown) => (value === null || value === undefined ? "—" : typeof value === "object" ? JSON.stringify(value) : String(value));

/** One issue: its details, comments and history. */
export function IssuePanel({ id, onClose }: { id: string; onClose: () => void }) {
  const { data, loading, error } = useQuery(IssueDetailsDocument, { variables: { id } });
  return (
    <aside className="issue" aria-label="Issue details">
      <button onClick={onClose}>Close</button>
      {loading && <p>Loading…</p>}
      {error && <p role="alert">{error.message}</p>}
      {data && (
        <>
          <h2>
            {data.issue.key}: {data.issue.summary}
          </h2>
          <p>
            {data.issue.issueType} · {data.issue.status} · {data.issue.priority} · reported by {data.issue.reporter.displayName}
          </p>
          <p className="description">{data.issue.description ?? "No description."}</p>
          <h3>Comments</h3>
          <ul>
            {data.issue.comments.nodes.map((comment) => (
              <li key={comment.id}>
                <strong>{comment.author.displayName}</strong>: {comment.content}
              </li>
            ))}
          </ul>
          <h3>History</h3>
          <ul>
            {data.issue.history.nodes.map((entry) => (
              <li key={entry.id}>
                {entry.actor.displayName} changed {entry.field}: {shown(entry.from)} → {shown(entry.to)}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
