import { useMutation, useQuery, useSubscription } from "@apollo/client/react";
import { useEffect, useState, type DragEvent, type FormEvent } from "react";
import { onReconnect } from "./apollo";
import { BoardDocument, BoardEventsDocument, BoardUpdatesDocument, CreateCardDocument, ExecuteTransitionDocument, MoveToStatusDocument, type CardFragment } from "./gql/graphql";
import { IssuePanel } from "./IssuePanel";

/** Columns: the states of the project's workflows in order (its default workflow's first), then any status no workflow lists. */
function columnsOf(workflows: { isDefault: boolean; states: { name: string }[] }[], cards: CardFragment[]): string[] {
  const ordered = [...workflows].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  const names = ordered.flatMap((workflow) => workflow.states.map((state) => state.name));
  return [...new Set([...names, ...cards.map((card) => card.status)])];
}

export function Board({ projectId }: { projectId: string }) {
  const { data, loading, error, fetchMore, refetch } = useQuery(BoardDocument, { variables: { projectId } });
  const [message, setMessage] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);

  // Live: changed and new cards arrive through issueUpdated; a card not on the board, or a deletion, reads the board again.
  useSubscription(BoardUpdatesDocument, {
    variables: { projectId },
    onData: ({ data: update }) => {
      const card = update.data?.issueUpdated;
      if (card && !data?.project.issues.nodes.some((node) => node.id === card.id)) void refetch();
    },
  });
  useSubscription(BoardEventsDocument, { variables: { projectId }, onData: ({ data: event }) => event.data?.issueEvents.type === "issue.deleted" && void refetch() });
  useEffect(() => onReconnect(() => void refetch()), [refetch]);

  const refused = (what: string) => (failure: unknown) => setMessage(`${what}: ${(failure as Error).message}`);
  const [execute] = useMutation(ExecuteTransitionDocument);
  const [moveToStatus] = useMutation(MoveToStatusDocument);

  if (loading && !data) return <p>Loading board…</p>;
  if (error || !data) return <p role="alert">{error?.message}</p>;
  const cards = data.project.issues.nodes;
  const columns = columnsOf(data.workflows.nodes, cards);

  /** Moves a card with an optimistic update; Apollo drops it again if the server refuses, and the reason is shown. */
  const move = (card: CardFragment, toState: string) => {
    if (card.status === toState) return;
    setMessage(null);
    const optimistic = { ...card, status: toState, availableTransitions: [] };
    const transition = card.availableTransitions.find((option) => option.toState === toState && option.available) ?? card.availableTransitions.find((option) => option.toState === toState);
    if (transition) {
      execute({
        variables: { input: { issueId: card.id, transitionId: transition.id, comment: transition.needsComment ? window.prompt(`A comment for "${transition.name}"`) : null } },
        optimisticResponse: { __typename: "Mutation", executeTransition: { __typename: "TransitionExecution", issue: optimistic } },
      }).catch(refused(`${card.key} cannot move to ${toState}`));
    } else {
      moveToStatus({ variables: { id: card.id, status: toState }, optimisticResponse: { __typename: "Mutation", updateIssue: { __typename: "UpdateIssuePayload", issue: optimistic } } }).catch(
        refused(`${card.key} cannot move to ${toState}`),
      );
    }
  };

  const onDrop = (toState: string) => (event: DragEvent) => {
    event.preventDefault();
    const card = cards.find((candidate) => candidate.id === event.dataTransfer.getData("text/plain"));
    if (card) move(card, toState);
  };

  return (
    <section className="board" aria-label={`${data.project.key} board`}>
      <h2>
        {data.project.name} <small>{data.project.issues.totalCount} issues</small>
      </h2>
      <NewIssue projectId={projectId} issueTypes={data.project.settings.issueTypes} onError={refused("Not created")} />
      {message && (
        <p role="alert" className="refused">
          {message}
        </p>
      )}
      <div className="columns">
        {columns.map((state) => (
          <div key={state} className="column" data-state={state} onDragOver={(event) => event.preventDefault()} onDrop={onDrop(state)}>
            <h3>{state}</h3>
            <ul>
              {cards
                .filter((card) => card.status === state)
                .map((card) => (
                  <Card key={card.id} card={card} columns={columns} onMove={(to) => move(card, to)} onOpen={() => setOpened(card.id)} />
                ))}
            </ul>
          </div>
        ))}
      </div>
      {data.project.issues.pageInfo.hasNextPage && (
        <button onClick={() => void fetchMore({ variables: { after: data.project.issues.pageInfo.endCursor } })}>Load more issues</button>
      )}
      {opened && <IssuePanel id={opened} onClose={() => setOpened(null)} />}
    </section>
  );
}

/** A card: draggable, and movable from the keyboard with its select of the states it can go to. */
function Card({ card, columns, onMove, onOpen }: { card: CardFragment; columns: string[]; onMove: (toState: string) => void; onOpen: () => void }) {
  const reasons = card.availableTransitions.filter((option) => !option.available).flatMap((option) => option.reasons.map((reason) => `${option.name}: ${reason.message}`));
  return (
    <li className="card" draggable data-key={card.key} onDragStart={(event) => event.dataTransfer.setData("text/plain", card.id)} title={reasons.join("\n")}>
      <button className="key" onClick={onOpen}>
        {card.key}
      </button>
      <span className="summary">{card.summary}</span>
      <span className="meta">
        {card.priority} · {card.assignee?.displayName ?? "unassigned"}
      </span>
      <select aria-label={`Move ${card.key}`} value="" onChange={(event) => onMove(event.target.value)}>
        <option value="">Move to…</option>
        {columns
          .filter((state) => state !== card.status)
          .map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
      </select>
    </li>
  );
}

function NewIssue({ projectId, issueTypes, onError }: { projectId: string; issueTypes: string[]; onError: (failure: unknown) => void }) {
  const [create, { loading }] = useMutation(CreateCardDocument, { refetchQueries: [BoardDocument] });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    create({ variables: { input: { projectId, summary: String(fields.get("summary")), issueType: String(fields.get("issueType")) } } })
      .then(() => form.reset())
      .catch(onError);
  };
  return (
    <form className="new-issue" onSubmit={submit}>
      <input name="summary" placeholder="New issue summary" aria-label="New issue summary" required maxLength={255} />
      <select name="issueType" aria-label="Issue type">
        {issueTypes.map((type) => (
          <option key={type}>{type}</option>
        ))}
      </select>
      <button type="submit" disabled={loading}>
        Create
      </button>
    </form>
  );
}
