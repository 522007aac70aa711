/** Items in a page when the client names no size (GraphQL `first`, REST `per_page`). */
export const DEFAULT_PAGE_SIZE = 20;
/** The largest page a client may ask for. */
export const MAX_PAGE_SIZE = 100;
