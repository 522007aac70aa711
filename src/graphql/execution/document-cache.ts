import type { DocumentNode } from "graphql";
import { LRUCache } from "lru-cache";

/**
 * Parsed and validated GraphQL documents by query text. Thousands of board
 * sockets send the same few subscription queries; one document each saves
 * the parse and validation per subscribe and the memory of a copy per socket.
 * Only documents that passed validation are kept; the least recently used goes first.
 */
export class DocumentCache {
  private readonly documents: LRUCache<string, DocumentNode>;

  constructor(capacity = 500) {
    this.documents = new LRUCache({ max: capacity });
  }

  get(query: string): DocumentNode | undefined {
    return this.documents.get(query);
  }

  set(query: string, document: DocumentNode): void {
    this.documents.set(query, document);
  }
}
