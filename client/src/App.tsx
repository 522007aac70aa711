import { useQuery } from "@apollo/client/react";
import { useEffect, useState, type FormEvent } from "react";
import { client, resetSocket } from "./apollo";
import { Board } from "./Board";
import { ProjectsDocument } from "./gql/graphql";
import { onSessionChange, session, signIn, signOut, type Session } from "./session";

export function App() {
  const [current, setCurrent] = useState<Session | null>(session());
  useEffect(
    () =>
      onSessionChange((next) => {
        setCurrent(next);
        if (!next) {
          resetSocket();
          void client.clearStore();
        }
      }),
    [],
  );
  if (!current) return <SignIn />;
  return (
    <div className="app">
      <header>
        <strong>Project tracker</strong>
        <span className="who">{current.user.display_name ?? current.user.username}</span>
        <button onClick={signOut}>Sign out</button>
      </header>
      <Projects />
    </div>
  );
}

function SignIn() {
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      await signIn(String(form.get("email")), String(form.get("password")));
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <form className="sign-in" onSubmit={submit}>
      <h1>Sign in</h1>
      <label>
        Email <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit">Sign in</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

function Projects() {
  const { data, loading, error } = useQuery(ProjectsDocument);
  const [projectId, setProjectId] = useState<string | null>(null);
  if (loading) return <p>Loading projects…</p>;
  if (error) return <p role="alert">{error.message}</p>;
  const projects = data?.projects.nodes ?? [];
  const chosen = projectId ?? projects[0]?.id ?? null;
  return (
    <main>
      <label className="picker">
        Project{" "}
        <select value={chosen ?? ""} onChange={(event) => setProjectId(event.target.value)}>
          {projects.map((project) => (
            <option key={project.id} value={project.id}>
              {project.key}: {project.name}
            </option>
          ))}
        </select>
      </label>
      {chosen ? <Board key={chosen} projectId={chosen} /> : <p>No projects yet.</p>}
    </main>
  );
}
