/**
 * The floor's hand-written SQL: each route is one statement that builds the
 * response rows as JSON in PostgreSQL, in the exact shape and order of the
 * API's REST answers (snake_case keys, ISO timestamps with milliseconds and
 * `Z`, display names, link wording seen from the issue asked for).
 */

const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const userSummary = (alias: string) =>
  `json_build_object('id', ${alias}.id, 'username', ${alias}.username, 'display_name', ${alias}.first_name || ' ' || ${alias}.last_name)`;

/** The fields of a list item; the detail adds custom fields, attachments and links. */
const issueFields = `'id', i.id, 'key', i.key, 'summary', i.summary, 'description', i.description,
  'issue_type', i.issue_type, 'status', i.status, 'priority', i.priority,
  'project', json_build_object('id', p.id, 'key', p.key, 'name', p.name),
  'assignee', case when a.id is null then null else ${userSummary("a")} end,
  'reporter', ${userSummary("r")},
  'created_at', ${iso("i.created_at")}, 'updated_at', ${iso("i.updated_at")}`;

const issueJoins = `join projects p on p.id = i.project_id and p.deleted_at is null
  left join users a on a.id = i.assignee_id
  join users r on r.id = i.reporter_id`;

/** The actor sees a project it is a member of (the floor has no workspace admins). */
const visible = (project: string) => `exists (select 1 from project_members m where m.project_id = ${project} and m.user_id = $2)`;

/**
 * $1 tenant, $2 actor, $3 project, $4 limit, $5 offset → rows of (total, item).
 * The page is cut before the joins and JSON, so they run for its rows only,
 * not for every issue the total counts.
 */
export const LIST_ISSUES = `with page as (
    select i.*, count(*) over () as total
    from issues i
    where i.tenant_id = $1 and i.project_id = $3 and i.deleted_at is null and ${visible("i.project_id")}
    order by i.created_at desc, i.id
    limit $4 offset $5
  )
  select i.total, json_build_object(${issueFields}) as item
  from page i ${issueJoins}
  order by i.created_at desc, i.id`;

const links = `coalesce((
    select json_agg(json_build_object(
      'id', l.id,
      'type', case when l.source_issue_id = i.id then l.type
        else case l.type when 'blocks' then 'is_blocked_by' when 'duplicates' then 'is_duplicated_by' when 'clones' then 'is_cloned_by' else l.type end end,
      'issue', json_build_object('id', o.id, 'key', o.key, 'summary', o.summary),
      'created_at', ${iso("l.created_at")}) order by l.created_at, l.id)
    from issue_links l
    join issues o on o.id = case when l.source_issue_id = i.id then l.target_issue_id else l.source_issue_id end and o.deleted_at is null
    where l.tenant_id = $1 and (l.source_issue_id = i.id or l.target_issue_id = i.id) and ${visible("o.project_id")}
  ), '[]'::json)`;

const detailItem = `json_build_object(${issueFields}, 'resolution', i.resolution,
  'custom_fields', i.custom_fields, 'attachments', '[]'::json, 'links', ${links})`;

/** $1 tenant, $2 actor, $3 issue → zero or one row of (item). */
export const GET_ISSUE = `select ${detailItem} as item
  from issues i ${issueJoins}
  where i.tenant_id = $1 and i.id = $3 and i.deleted_at is null and ${visible("p.id")}`;

/**
 * $1 tenant, $2 actor (the reporter), $3 project, $4 summary, $5 description,
 * $6 issue type, $7 priority, $8 assignee, $9 custom fields → one row of (item).
 * The counter update takes the project's row lock, so numbers stay consecutive
 * under concurrent creates, as in the API.
 */
export const CREATE_ISSUE = `with counter as (
    update projects set issue_counter = issue_counter + 1
    where id = $3 and tenant_id = $1 and deleted_at is null and ${visible("id")}
    returning id, key, settings, issue_counter
  ), i as (
    insert into issues (tenant_id, project_id, number, key, summary, description, issue_type, status, priority, assignee_id, reporter_id, custom_fields)
    select $1::uuid, c.id, c.issue_counter, c.key || '-' || c.issue_counter, $4::text, $5::text, $6::text,
      c.settings->'statuses'->>0, $7::text, $8::uuid, $2::uuid, $9::jsonb
    from counter c
    returning *
  )
  select json_build_object(${issueFields}, 'resolution', i.resolution, 'custom_fields', i.custom_fields, 'attachments', '[]'::json, 'links', '[]'::json) as item
  from i ${issueJoins}`;

/** $1 email → zero or one user row with the password hash. */
export const USER_BY_EMAIL = `select id, username, email, first_name, last_name, password_hash
  from users where lower(email) = lower($1) and is_active`;

/** A GraphQL user summary: `{ id username displayName }`. */
const boardUser = (alias: string) =>
  `json_build_object('id', ${alias}.id, 'username', ${alias}.username, 'displayName', ${alias}.first_name || ' ' || ${alias}.last_name)`;

/**
 * A board issue's keys in the API's order, `created_at desc, id`, as the API has PostgreSQL write them:
 * microseconds since 1970 and the id, in a JSON array (src/db/queries/keyset.ts).
 */
const boardKey = (alias: string) => `json_build_array((extract(epoch from ${alias}.created_at) * 1000000)::bigint, ${alias}.id)::text`;

/**
 * The API's Relay cursor of a board issue from its keys: base64url, unpadded, of the order's tag and the
 * keys (src/schema/common/cursor.ts). PostgreSQL's base64 breaks lines every 76 characters; `translate`
 * drops the breaks and the padding.
 */
const cursor = (key: string) => `translate(encode(convert_to('issue:-created_at' || (${key}), 'UTF8'), 'base64'), E'+/=\\n', '-_')`;

/**
 * $1 tenant, $2 actor, $3 project, $4 page size → one row of (body): the
 * whole GraphQL board response as text, `{"data":{"project":…}}`, with the
 * keys, order, cursors and `pageInfo` of the API's answer to the board query
 * (scenarios.ts). The page is read as up to $4 + 1 issues, newest first, as
 * the API does: the extra one only says whether a next page exists; the end
 * cursor is that of the page's last issue. A project the actor is not a
 * member of is `null`.
 */
export const BOARD = `select json_build_object('data', json_build_object('project', (
    select json_build_object('id', p.id, 'key', p.key, 'name', p.name, 'issues', (
        select json_build_object(
          'pageInfo', json_build_object(
            'hasNextPage', count(*) > $4,
            'endCursor', ${cursor("(array_agg(i.cursor_key order by i.position desc) filter (where i.position <= $4))[1]")}),
          'nodes', coalesce(json_agg(json_build_object(
              'id', i.id, 'key', i.key, 'summary', i.summary, 'status', i.status, 'priority', i.priority,
              'assignee', case when a.id is null then null else ${boardUser("a")} end,
              'reporter', ${boardUser("r")})
            order by i.position) filter (where i.position <= $4), '[]'::json))
        from (
          select i.*, row_number() over (order by i.created_at desc, i.id) as position, ${boardKey("i")} as cursor_key
          from issues i
          where i.tenant_id = $1 and i.project_id = p.id and i.deleted_at is null
          order by i.created_at desc, i.id
          limit $4 + 1
        ) i
        left join users a on a.id = i.assignee_id and a.tenant_id = $1
        join users r on r.id = i.reporter_id and r.tenant_id = $1))
    from projects p
    where p.id = $3 and p.tenant_id = $1 and p.deleted_at is null and ${visible("p.id")}
  )))::text as body`;
