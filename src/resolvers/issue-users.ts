/**
 * Whether the items of an issue page select the users an issue names. The
 * page's statement then joins them (ISSUE_USER_JOINS) and puts them in the
 * request's user loader, so `assignee` and `reporter` resolve from it
 * without a statement or a promise of their own.
 */
export const selectsIssueUsers = (selected: ReadonlySet<string>) => selected.has("assignee") || selected.has("reporter");
