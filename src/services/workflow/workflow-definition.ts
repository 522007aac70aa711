import { randomUUID } from "node:crypto";
import type { StateCategory, StateType, WorkflowState, WorkflowTransition } from "../../db/tables";
import { validationError } from "../../errors/domain-error";
import type { FieldError } from "../../errors/error-codes";
import { ANY_STATE, type StateInput, type TransitionInput } from "./workflow.input";

export interface WorkflowDefinition {
  states: WorkflowState[];
  transitions: WorkflowTransition[];
}

const CATEGORY_OF_TYPE: Record<StateType, StateCategory> = { initial: "todo", intermediate: "in_progress", final: "done" };

/** Ids given for states and transitions are kept when the previous version had them, so clients' references survive an edit. */
const keptId = (given: string | null | undefined, previous: ReadonlySet<string>) => (given && previous.has(given) ? given : randomUUID());

/**
 * Checks a definition as a whole and gives it ids: exactly one initial state,
 * at least one final one, unique names, transitions between states that
 * exist, every state reachable from the initial one. Every problem is
 * reported at once, each at the state or transition it is about.
 */
export function buildDefinition(states: StateInput[], transitions: TransitionInput[], previous?: WorkflowDefinition): WorkflowDefinition {
  const problems: FieldError[] = [];
  const repeated = (ids: (string | null | undefined)[]) => ids.filter((id, index) => id && ids.indexOf(id) !== index);
  const problem = (field: string, message: string, code: FieldError["code"] = "INVALID_FORMAT") => problems.push({ field, code, message });
  const names = new Set<string>();
  states.forEach((state, index) => {
    if (names.has(state.name)) problem(`states.${index}.name`, `State ${state.name} is named twice`);
    names.add(state.name);
  });
  const initial = states.filter((state) => state.type === "initial");
  if (initial.length !== 1) problem("states", `A workflow needs exactly one initial state; it has ${initial.length}`);
  if (!states.some((state) => state.type === "final")) problem("states", "A workflow needs at least one final state");
  const transitionNames = new Set<string>();
  transitions.forEach((transition, index) => {
    if (transition.fromState !== ANY_STATE && !names.has(transition.fromState)) {
      problem(`transitions.${index}.fromState`, `No state is named ${transition.fromState}`, "INVALID_ENUM_VALUE");
    }
    if (!names.has(transition.toState)) problem(`transitions.${index}.toState`, `No state is named ${transition.toState}`, "INVALID_ENUM_VALUE");
    if (transition.fromState === transition.toState) problem(`transitions.${index}.toState`, "A transition must lead to another state");
    const key = `${transition.fromState}\u0000${transition.name}`;
    if (transitionNames.has(key)) problem(`transitions.${index}.name`, `Two transitions out of ${transition.fromState} are named ${transition.name}`);
    transitionNames.add(key);
  });
  if (initial.length === 1) {
    const reached = reachableFrom(initial[0]!.name, transitions);
    states.forEach((state, index) => {
      if (!reached.has(state.name)) problem(`states.${index}`, `State ${state.name} cannot be reached from ${initial[0]!.name}`);
    });
  }
  for (const id of repeated(states.map((state) => state.id))) problem("states", `State id ${id} is given twice`);
  for (const id of repeated(transitions.map((transition) => transition.id))) problem("transitions", `Transition id ${id} is given twice`);
  if (problems.length) throw validationError(problems);
  const previousStates = new Set(previous?.states.map((state) => state.id));
  const previousTransitions = new Set(previous?.transitions.map((transition) => transition.id));
  return {
    states: states.map((state) => ({ id: keptId(state.id, previousStates), name: state.name, type: state.type, category: (state.category as StateCategory | null | undefined) ?? CATEGORY_OF_TYPE[state.type] })),
    transitions: transitions.map((transition) => ({
      id: keptId(transition.id, previousTransitions),
      name: transition.name,
      fromState: transition.fromState,
      toState: transition.toState,
      conditions: (transition.conditions ?? []) as WorkflowTransition["conditions"],
      validators: (transition.validators ?? []) as WorkflowTransition["validators"],
      postFunctions: (transition.postFunctions ?? []).map((post) => (post.type === "set_field" ? { ...post, value: post.value ?? null } : post)) as WorkflowTransition["postFunctions"],
    })),
  };
}

function reachableFrom(start: string, transitions: readonly TransitionInput[]): Set<string> {
  const reached = new Set([start]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const transition of transitions) {
      if ((transition.fromState === ANY_STATE || reached.has(transition.fromState)) && !reached.has(transition.toState)) {
        reached.add(transition.toState);
        grew = true;
      }
    }
  }
  return reached;
}

/** The project's statuses as a workflow: the first initial, the closed ones final, a transition into each state from any other. */
export function defaultDefinition(statuses: readonly string[], closedStatuses: readonly string[], previous?: WorkflowDefinition): WorkflowDefinition {
  const states = statuses.map((name, index): WorkflowState => {
    const type: StateType = index === 0 ? "initial" : closedStatuses.includes(name) ? "final" : "intermediate";
    const kept = previous?.states.find((state) => state.name === name);
    return { id: kept?.id ?? randomUUID(), name, type, category: CATEGORY_OF_TYPE[type] };
  });
  // Transitions the project's administrators gave rules keep them while both their states remain.
  const kept = (previous?.transitions ?? []).filter(
    (transition) => statuses.includes(transition.toState) && (transition.fromState === ANY_STATE || statuses.includes(transition.fromState)),
  );
  // Only states that are new get a rule-free way in; an administrator's edits to the existing ones stand.
  const known = new Set(previous?.states.map((state) => state.name));
  const missing = statuses.filter((name) => !known.has(name) && !kept.some((transition) => transition.fromState === ANY_STATE && transition.toState === name));
  return {
    states,
    transitions: [
      ...kept,
      ...missing.map((name) => ({ id: randomUUID(), name, fromState: ANY_STATE, toState: name, conditions: [], validators: [], postFunctions: [] })),
    ],
  };
}
