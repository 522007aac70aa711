import { ArgsType, Field, InputType } from "type-graphql";
import { ConnectionArgs, EXPECTED_UPDATED_AT, DateTime, IDEMPOTENCY_KEY } from "../common";
import { ProjectRole } from "./project.type";

@InputType({ description: "A custom field definition." })
export class CustomFieldDefinitionInput {
  @Field(() => String, { description: "Key: lowercase letters, digits and `_`, starting with a letter." })
  key!: string;

  @Field(() => String, { description: "Display name." })
  name!: string;

  @Field(() => String, { description: "`text`, `number`, `date`, `select` or `user`." })
  type!: string;

  @Field(() => [String], { nullable: true, description: "Allowed values; required for `select`, refused otherwise." })
  options?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: "Whether issues must have a value. Default false." })
  required?: boolean | null;
}

@InputType({ description: "Settings to change; omitted lists stay as they are. Values still used by issues cannot be removed." })
export class ProjectSettingsInput {
  @Field(() => [String], { nullable: true, description: "Allowed issue types." })
  issueTypes?: string[];

  @Field(() => [String], { nullable: true, description: "Allowed priorities, lowest first." })
  priorities?: string[];

  @Field(() => [String], { nullable: true, description: "Workflow statuses in order." })
  statuses?: string[];

  @Field(() => [String], { nullable: true, description: "Statuses counted as closed; must be among `statuses`." })
  closedStatuses?: string[];

  @Field(() => [CustomFieldDefinitionInput], { nullable: true, description: "The complete list of custom fields." })
  customFields?: CustomFieldDefinitionInput[];
}

@InputType({ description: "A new project." })
export class CreateProjectInput {
  @Field(() => String, { description: "2–10 uppercase letters and digits, starting with a letter; unique in the workspace forever." })
  key!: string;

  @Field(() => String, { description: "Name, 1–255 characters." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Description, up to 5000 characters." })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "`software` (default), `business` or `service_desk`." })
  projectType?: string | null;

  @Field(() => String, { nullable: true, description: "Lead user id; defaults to you. The lead becomes a project admin." })
  leadId?: string | null;

  @Field(() => ProjectSettingsInput, { nullable: true, description: "Settings; defaults as in the API contract." })
  settings?: ProjectSettingsInput | null;

  @Field(() => String, {
    nullable: true,
    description: IDEMPOTENCY_KEY,
  })
  idempotencyKey?: string;
}

@InputType({ description: "Project fields to change; omitted fields stay as they are." })
export class UpdateProjectInput {
  @Field(() => String, { nullable: true, description: "Name." })
  name?: string;

  @Field(() => String, { nullable: true, description: "Description; null clears it." })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "`software`, `business` or `service_desk`." })
  projectType?: string;

  @Field(() => String, { nullable: true, description: "`active` or `archived`." })
  status?: string;

  @Field(() => String, { nullable: true, description: "New lead user id; they become a project admin." })
  leadId?: string;

  @Field(() => ProjectSettingsInput, { nullable: true, description: "Settings to change." })
  settings?: ProjectSettingsInput;

  @Field(() => DateTime, { nullable: true, description: EXPECTED_UPDATED_AT })
  expectedUpdatedAt?: Date;
}

@ArgsType()
export class ProjectsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: "Matches name, key or description." })
  search?: string | null;

  @Field(() => String, { nullable: true, description: "`active` or `archived`." })
  status?: string | null;

  @Field(() => String, { nullable: true, description: "`created_at`, `updated_at`, `name` or `key`, `-` prefix for descending. Default `-created_at`." })
  sort?: string | null;
}

@InputType({ description: "A user to add to a project." })
export class AddProjectMemberInput {
  @Field(() => String, { description: "Id of a user of your workspace." })
  userId!: string;

  @Field(() => ProjectRole, { description: "Their role in the project." })
  role!: string;
}

@InputType({ description: "A member's new role." })
export class UpdateProjectMemberInput {
  @Field(() => ProjectRole, { description: "The new role. The lead must stay `admin`." })
  role!: string;
}
