/** Selections shared by several routes, spelled as the contract's response shapes. */
export const USER_SUMMARY = "id username displayName";
export const PROJECT_SUMMARY = "id key name";
export const ISSUE_SUMMARY = "id key summary";

export const PROJECT_LIST_FIELDS = `id key name description projectType status lead { ${USER_SUMMARY} } createdAt updatedAt`;
export const PROJECT_DETAIL_FIELDS = `${PROJECT_LIST_FIELDS}
  settings { issueTypes priorities statuses closedStatuses customFields { key name type options required } }
  statistics { totalIssues openIssues inProgressIssues closedIssues }`;

export const ISSUE_LIST_FIELDS = `id key summary description issueType status priority
  project { ${PROJECT_SUMMARY} } assignee { ${USER_SUMMARY} } reporter { ${USER_SUMMARY} } createdAt updatedAt`;
export const ISSUE_DETAIL_FIELDS = `${ISSUE_LIST_FIELDS} resolution customFields
  attachments { id filename size url }
  links { id type issue { ${ISSUE_SUMMARY} } createdAt }`;

export const MEMBER_FIELDS = "user { id username displayName avatarUrl } role joinedAt";
export const COMMENT_FIELDS = `id content author { ${USER_SUMMARY} } createdAt updatedAt`;
export const LINK_FIELDS = `id type issue { ${ISSUE_SUMMARY} } createdAt`;
export const HISTORY_FIELDS = `id field from to actor { ${USER_SUMMARY} } createdAt`;
