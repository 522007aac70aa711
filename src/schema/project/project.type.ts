import { Field, ID, Int, registerEnumType } from "type-graphql";
import { PROJECT_ROLES, type ProjectRole as ProjectRoleName } from "../../contract";
import { SimpleObjectType, ConnectionType, DateTime } from "../common";
import { User } from "../user";

/** The GraphQL enum of `PROJECT_ROLES`, each value named as it is stored. */
export const ProjectRole = Object.fromEntries(PROJECT_ROLES.map((role) => [role, role])) as { [Role in ProjectRoleName]: Role };
registerEnumType(ProjectRole, {
  name: "ProjectRole",
  description: "A member's role in a project: `admin` manages it, `member` works in it, `viewer` only reads.",
});

@SimpleObjectType({ description: "A custom field that issues of the project carry in `customFields`." })
export class CustomFieldDefinition {
  @Field(() => String, { description: "Key under which issues store the value (lowercase, digits, `_`)." })
  key!: string;

  @Field(() => String, { description: "Display name." })
  name!: string;

  @Field(() => String, { description: "`text`, `number`, `date` (YYYY-MM-DD), `select` or `user` (a user id)." })
  type!: string;

  @Field(() => [String], { nullable: true, description: "Allowed values of a `select` field." })
  options?: string[];

  @Field(() => Boolean, { description: "Whether every issue must have a value." })
  required!: boolean;
}

@SimpleObjectType({ description: "Values allowed for issues of the project." })
export class ProjectSettings {
  @Field(() => [String], { description: "Allowed issue types." })
  issueTypes!: string[];

  @Field(() => [String], { description: "Allowed priorities, lowest first." })
  priorities!: string[];

  @Field(() => [String], { description: "Workflow statuses in order; new issues start in the first." })
  statuses!: string[];

  @Field(() => [String], { description: "Statuses counted as closed in statistics." })
  closedStatuses!: string[];

  @Field(() => [CustomFieldDefinition], { description: "Custom fields of the project's issues." })
  customFields!: CustomFieldDefinition[];
}

@SimpleObjectType({ description: "Live issue counts of a project." })
export class ProjectStatistics {
  @Field(() => Int, { description: "All live issues." })
  totalIssues!: number;

  @Field(() => Int, { description: "Issues in the first status." })
  openIssues!: number;

  @Field(() => Int, { description: "Issues neither open nor closed." })
  inProgressIssues!: number;

  @Field(() => Int, { description: "Issues in a closed status." })
  closedIssues!: number;
}

@SimpleObjectType({ description: "A project: a key, its issues, members and settings." })
export class Project {
  @Field(() => ID, { description: "Project id (UUID)." })
  id!: string;

  @Field(() => String, { description: "Short unique key, prefix of issue keys (`PROJ` → `PROJ-1`)." })
  key!: string;

  @Field(() => String, { description: "Name." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Description." })
  description!: string | null;

  @Field(() => String, { description: "`software`, `business` or `service_desk`." })
  projectType!: string;

  @Field(() => String, { description: "`active` or `archived`." })
  status!: string;

  @Field(() => ProjectSettings, { description: "Allowed issue types, priorities, statuses and custom fields." })
  settings!: ProjectSettings;

  @Field(() => DateTime, { description: "When the project was created." })
  createdAt!: Date;

  @Field(() => DateTime, { description: "When the project last changed." })
  updatedAt!: Date;
}

@SimpleObjectType({ description: "A user's membership in a project." })
export class ProjectMember {
  @Field(() => User, { description: "The member." })
  user!: User;

  @Field(() => ProjectRole, { description: "The member's role in the project." })
  role!: string;

  @Field(() => DateTime, { description: "When the user joined the project." })
  joinedAt!: Date;
}

export const ProjectConnection = ConnectionType("Project", Project);
export const ProjectMemberConnection = ConnectionType("ProjectMember", ProjectMember);

@SimpleObjectType({ description: "Result of createProject." })
export class CreateProjectPayload {
  @Field(() => Project, { description: "The new project." })
  project!: Project;
}

@SimpleObjectType({ description: "Result of updateProject." })
export class UpdateProjectPayload {
  @Field(() => Project, { description: "The project after the change." })
  project!: Project;
}

@SimpleObjectType({ description: "Result of deleteProject." })
export class DeleteProjectPayload {
  @Field(() => ID, { description: "Id of the deleted project." })
  deletedId!: string;
}

@SimpleObjectType({ description: "Result of addProjectMember and updateProjectMember." })
export class ProjectMemberPayload {
  @Field(() => ProjectMember, { description: "The membership after the change." })
  member!: ProjectMember;
}

@SimpleObjectType({ description: "Result of removeProjectMember." })
export class RemoveProjectMemberPayload {
  @Field(() => ID, { description: "The project." })
  projectId!: string;

  @Field(() => ID, { description: "The user who is no longer a member." })
  userId!: string;
}
