import type { DocumentNode } from "graphql";

/**
 * Parsed and validated GraphQL documents by query text. Thousands of board
 * sockets send the same few subscription queries; one document each saves
 * the parse and validation per subscribe and the memory of a copy per socket.
 * Only documents that passed validation are kept; the oldest goes first.
 */
export class DocumentCache {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(private readonly capacity = 500) {}

  get(query: string): DocumentNode | undefined {
    return this.documents.get(query);
  }

  set(query: string, document: DocumentNode): void {
    if (this.documents.size >= this.capacity) this.documents.delete(this.documents.keys().next().value!);
    this.documents.set(query, document);
  }
}
